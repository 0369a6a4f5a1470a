import { TransactWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Verdict } from '../../core/verdict/verdict';
import type { ConditionalPutResult, PutIfVersionOptions } from '../../core/verdict/verdict-store';
import type { CountedCalls } from './counted-calls';
import { isLostRace, translateDynamoDbError } from './dynamodb-errors';
import { leaseRelease } from './signing-leases';
import { toVerdictItem } from './verdict-items';
import { imagePk } from './verdict-table';

/** What `putVerdict` writes with. */
export interface VerdictWriter {
  readonly doc: DynamoDBDocumentClient;
  readonly calls: CountedCalls;
  readonly tableName: string;
}

/**
 * The verdict and its history item in one TransactWriteItems, conditional on the expected version
 * (`attribute_not_exists(pk) OR version = :expected`), and with `releaseLeaseOf` the signing lease's
 * conditional Delete (only while that owner holds it) as a third item: one request instead of two. A
 * failed condition is a lost race (`written: false`); when the lease's condition may be what failed (the
 * lease lost to another worker), the verdict is written again without it (`leaseReleased: false`), so a
 * lease never stops a verdict write.
 */
export async function putVerdict(
  table: VerdictWriter,
  verdict: Verdict,
  historyItem: Record<string, unknown>,
  expectedVersion: number,
  options: PutIfVersionOptions,
): Promise<ConditionalPutResult> {
  const owner = options.releaseLeaseOf;
  const transaction = new TransactWriteCommand({
    TransactItems: [
      {
        Put: {
          TableName: table.tableName,
          Item: toVerdictItem(verdict),
          ConditionExpression: 'attribute_not_exists(pk) OR #version = :expected',
          ExpressionAttributeNames: { '#version': 'version' },
          ExpressionAttributeValues: { ':expected': expectedVersion },
        },
      },
      {
        Put: {
          TableName: table.tableName,
          Item: historyItem,
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
      ...(owner === undefined ? [] : [leaseRelease(table.tableName, verdict, owner)]),
    ],
  });
  try {
    await table.calls.write('TransactWriteItems', owner === undefined ? 2 : 3, () =>
      table.doc.send(transaction),
    );
    return owner === undefined ? { written: true } : { written: true, leaseReleased: true };
  } catch (error) {
    if (!isLostRace(error)) {
      throw translateDynamoDbError(error, `writing version ${verdict.version} of ${imagePk(verdict)}`);
    }
    if (owner === undefined || verdictRaceLost(error)) return { written: false, cause: error };
    const alone = await putVerdict(table, verdict, historyItem, expectedVersion, {});
    return alone.written ? { written: true, leaseReleased: false } : alone;
  }
}

/** Whether a cancelled transaction says its first item (the verdict's version) failed its condition. */
function verdictRaceLost(error: unknown): boolean {
  const reasons = (error as { CancellationReasons?: readonly { Code?: string }[] }).CancellationReasons;
  return reasons?.[0]?.Code === 'ConditionalCheckFailed';
}
