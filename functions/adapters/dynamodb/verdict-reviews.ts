import { UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { normalizeTime } from '../../core/verdict/validate-event';
import type { Verdict, VerdictKey } from '../../core/verdict/verdict';
import type { CountedCalls } from './counted-calls';
import { isLostRace, translateDynamoDbError } from './dynamodb-errors';
import { queryPages } from './query-pages';
import { wellFormedVerdicts, type MalformedVerdictItemError } from './verdict-items';
import { imagePk, REVIEW_PK, VERDICT_SK, VERDICT_TABLE } from './verdict-table';

/** What the review queries need of the store. */
export interface ReviewTable {
  readonly doc: DynamoDBDocumentClient;
  readonly calls: CountedCalls;
  readonly tableName: string;
}

/**
 * VERIFIED verdicts whose next review (`gsi2sk` of the sparse byReview index) is at or before `dueBy`,
 * earliest first, at most `limit` (pages until it has them). A malformed item is told to `onRefused` and
 * left out: one bad item never stops the reconciler's reviews.
 */
export async function listDueForReview(
  table: ReviewTable,
  dueBy: string,
  limit: number,
  onRefused: (refused: MalformedVerdictItemError) => void = () => undefined,
): Promise<readonly Verdict[]> {
  const index = VERDICT_TABLE.reviewIndex;
  const values = { ':pk': REVIEW_PK, ':due': normalizeTime(dueBy, 'dueBy') };
  const verdicts: Verdict[] = [];
  await queryPages(
    table,
    'listing verdicts due for review',
    () => ({
      IndexName: index.indexName,
      KeyConditionExpression: `${index.partitionKey.name} = :pk AND ${index.sortKey.name} <= :due`,
      ExpressionAttributeValues: values,
      Limit: limit - verdicts.length,
    }),
    (items) => {
      verdicts.push(...wellFormedVerdicts(items, onRefused));
      return verdicts.length >= limit;
    },
  );
  return verdicts;
}

/**
 * Moves the next review of a verdict (its byReview sort key only: the verdict, its version and its
 * history stay as they are), if its version is still `expectedVersion` and it is still in the index.
 * A newer write carries its own review time, so a lost race is `false`, not an error.
 */
export async function postponeReview(
  table: ReviewTable,
  key: VerdictKey,
  expectedVersion: number,
  reviewAt: string,
): Promise<boolean> {
  const sortKey = VERDICT_TABLE.reviewIndex.sortKey.name;
  const update = new UpdateCommand({
    TableName: table.tableName,
    Key: { pk: imagePk(key), sk: VERDICT_SK },
    UpdateExpression: `SET ${sortKey} = :at`,
    ConditionExpression: `#version = :expected AND attribute_exists(${VERDICT_TABLE.reviewIndex.partitionKey.name})`,
    ExpressionAttributeNames: { '#version': 'version' },
    ExpressionAttributeValues: { ':at': normalizeTime(reviewAt, 'reviewAt'), ':expected': expectedVersion },
  });
  try {
    await table.calls.write('UpdateItem', 1, () => table.doc.send(update));
    return true;
  } catch (error) {
    if (isLostRace(error)) return false;
    throw translateDynamoDbError(error, `postponing the review of ${imagePk(key)}`);
  }
}
