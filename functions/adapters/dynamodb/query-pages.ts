import { QueryCommand, type DynamoDBDocumentClient, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import type { CountedCalls } from './counted-calls';
import { translateDynamoDbError } from './dynamodb-errors';

/** What a paged Query needs of the store. */
export interface QueryTable {
  readonly doc: DynamoDBDocumentClient;
  readonly calls: CountedCalls;
  readonly tableName: string;
}

/** One page's Query, without the table and the start key, which `queryPages` adds. */
export type QueryPage = Omit<QueryCommandInput, 'TableName' | 'ExclusiveStartKey'>;

/**
 * Runs a Query page after page: `page()` gives each page's input (its `Limit` from what the caller has
 * taken so far), `take` gets each page's items and answers whether it has enough. Stops there or after
 * the last page. Each page is one counted read; a failure is translated with `what` (what was being read).
 */
export async function queryPages(
  table: QueryTable,
  what: string,
  page: () => QueryPage,
  take: (items: readonly Record<string, unknown>[]) => boolean,
): Promise<void> {
  let start: Record<string, unknown> | undefined;
  do {
    const input = { ...page(), TableName: table.tableName, ExclusiveStartKey: start };
    const out = await table.calls
      .read(
        'Query',
        (o) => o.Items?.length ?? 0,
        () => table.doc.send(new QueryCommand(input)),
      )
      .catch((error: unknown) => {
        throw translateDynamoDbError(error, what);
      });
    if (take(out.Items ?? [])) return;
    start = out.LastEvaluatedKey;
  } while (start !== undefined);
}
