import DataLoader from 'dataloader';
import {
  BATCH_GET_LIMIT,
  batchGetVerdictItems,
  type BatchGetCall,
  type BatchGetOptions,
} from './batch-get-verdicts';
import type { Item } from './verdict-items';

/** One image's verdict item (not yet checked) by its partition key, or undefined when none exists. */
export type VerdictItemRead = (pk: string) => Promise<Item | undefined>;

/**
 * Strongly consistent verdict reads asked for in the same turn of the event loop, sent together as one
 * BatchGetItem (DataLoader's batching; up to 100 keys per call, unprocessed keys asked again). Nothing
 * is cached: every read reaches the table, issued when it was asked for, so a read is never older than a
 * GetItem sent at the same moment would be. A pipeline worker runs the records of an SQS batch at once and
 * each begins by reading its image's verdict: ten GetItems become one request, which DynamoDB bills per
 * item as it bills GetItems. A failed call fails the reads it carried; each item is still checked by its
 * own reader, so a malformed item fails only the read that asked for it.
 */
export function coalescedVerdictReads(batchGet: BatchGetCall, options: BatchGetOptions): VerdictItemRead {
  const loader = new DataLoader<string, Item | undefined>(
    async (pks) => {
      const items = await batchGetVerdictItems(batchGet, pks, options);
      return pks.map((pk) => items.get(pk));
    },
    { cache: false, maxBatchSize: BATCH_GET_LIMIT },
  );
  return (pk) => loader.load(pk);
}
