import { PutCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDbVerdictStore } from '../../functions/adapters/dynamodb/dynamodb-verdict-store';
import { toVerdictItem } from '../../functions/adapters/dynamodb/verdict-items';
import type { Verdict } from '../../functions/core/verdict/verdict';
import { sealedForTest, type SealedVerdict } from './test-seals';

/** Writes `verdict` as its item exactly as given, sealed or not: a direct edit of the table. */
export async function putVerdictItem(store: DynamoDbVerdictStore, verdict: SealedVerdict): Promise<void> {
  await store.doc.send(new PutCommand({ TableName: store.tableName, Item: toVerdictItem(verdict) }));
}

/**
 * A verdict just recorded in `store`, sealed there as the signer seals it when it is VERIFIED
 * (sealedForTest, TEST_SEAL_KEY); any other verdict as it is.
 */
export async function sealRecorded(store: DynamoDbVerdictStore, verdict: Verdict): Promise<Verdict> {
  if (verdict.status !== 'VERIFIED') return verdict;
  const sealed = sealedForTest(verdict);
  await putVerdictItem(store, sealed);
  return sealed;
}
