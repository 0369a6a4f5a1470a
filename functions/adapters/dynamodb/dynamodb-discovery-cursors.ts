import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { DiscoveryCursor, DiscoveryCursorStore } from '../../core/ports/image-lister';
import type { DynamoDbCallListener } from './call-counter';
import { CountedCalls } from './counted-calls';
import { translateDynamoDbError } from './dynamodb-errors';
import type { TableKey } from './verdict-table';

export interface DynamoDbDiscoveryCursorsOptions {
  /** The SDK client; never destroyed here. */
  readonly client: DynamoDBClient;
  /** The verdict table: each registry's cursor is one item (`pk = DISCOVERY#<registry>`, `sk = CURSOR`). */
  readonly tableName: string;
  readonly now?: () => Date;
  readonly onCall?: DynamoDbCallListener;
}

/** The reconciler's discovery cursors on the verdict table: one GetItem to read, one PutItem to move. */
export class DynamoDbDiscoveryCursors implements DiscoveryCursorStore {
  private readonly doc: DynamoDBDocumentClient;
  private readonly calls: CountedCalls;
  private readonly now: () => Date;

  constructor(private readonly options: DynamoDbDiscoveryCursorsOptions) {
    this.doc = DynamoDBDocumentClient.from(options.client);
    this.calls = new CountedCalls(options.onCall);
    this.now = options.now ?? (() => new Date());
  }

  async get(registry: string): Promise<DiscoveryCursor | undefined> {
    const Key = cursorKey(registry);
    const out = await this.calls
      .read(
        'GetItem',
        (o) => (o.Item ? 1 : 0),
        () => this.doc.send(new GetCommand({ TableName: this.options.tableName, Key })),
      )
      .catch((error: unknown) => {
        throw translateDynamoDbError(error, `reading the discovery cursor of ${registry}`);
      });
    const repository: unknown = out.Item?.repository;
    const nextToken: unknown = out.Item?.nextToken;
    if (typeof repository !== 'string') return undefined;
    return typeof nextToken === 'string' ? { repository, nextToken } : { repository };
  }

  async put(registry: string, cursor: DiscoveryCursor | undefined): Promise<void> {
    const TableName = this.options.tableName;
    const Key = cursorKey(registry);
    const send = cursor
      ? () =>
          this.doc.send(
            new PutCommand({
              TableName,
              Item: { ...Key, itemType: 'DISCOVERY_CURSOR', ...cursor, updatedAt: this.now().toISOString() },
            }),
          )
      : () => this.doc.send(new DeleteCommand({ TableName, Key }));
    await this.calls.write(cursor ? 'PutItem' : 'DeleteItem', 1, send).catch((error: unknown) => {
      throw translateDynamoDbError(error, `moving the discovery cursor of ${registry}`);
    });
  }
}

function cursorKey(registry: string): TableKey {
  return { pk: `DISCOVERY#${registry}`, sk: 'CURSOR' };
}
