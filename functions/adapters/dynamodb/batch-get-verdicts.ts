import { ThrottledError } from '../../core/errors';
import type { Verdict, VerdictKey } from '../../core/verdict/verdict';
import { fromVerdictItem, type DroppedSealNotice, type Item } from './verdict-items';
import { imagePk, VERDICT_SK, type TableKey } from './verdict-table';

/** BatchGetItem reads at most 100 keys per call. */
export const BATCH_GET_LIMIT = 100;

/**
 * One BatchGetItem of up to 100 verdict keys (the SDK's or the compact client's): the items found and
 * the keys left unprocessed, failures already image-trust errors.
 */
export type BatchGetCall = (
  keys: readonly TableKey[],
) => Promise<{ readonly items: readonly Item[]; readonly unprocessed: readonly TableKey[] }>;

/** How a batch read is done. */
export interface BatchGetOptions {
  /** Calls per chunk before keys DynamoDB keeps leaving unprocessed are a ThrottledError. */
  readonly maxAttempts: number;
  /** The first retry waits up to this long (full jitter), doubling each time, at most 200 ms. */
  readonly baseDelayMs: number;
  /** Told of each malformed seal dropped on read (fromVerdictItem). */
  readonly onDroppedSeal?: DroppedSealNotice;
}

/**
 * Reads the verdict items of `keys` with BatchGetItem: distinct keys only, in chunks of 100 read in
 * parallel, and the keys DynamoDB returns as UnprocessedKeys asked again (only those) with
 * exponential backoff. Every image is read once, however often it is named.
 *
 * @returns the verdicts in the order of `keys`, undefined where none exists
 * @throws InvalidInputError for a key that does not name an image by digest (before any call)
 * @throws ThrottledError when keys stay unprocessed after `maxAttempts` calls, or DynamoDB throttles
 * @throws UpstreamError when DynamoDB fails
 */
export async function batchGetVerdicts(
  batchGet: BatchGetCall,
  keys: readonly VerdictKey[],
  options: BatchGetOptions,
): Promise<(Verdict | undefined)[]> {
  const pks = keys.map(imagePk);
  const items = await batchGetVerdictItems(batchGet, pks, options);
  const found = new Map<string, Verdict>();
  for (const [pk, item] of items) found.set(pk, fromVerdictItem(item, options.onDroppedSeal));
  return pks.map((pk) => found.get(pk));
}

/**
 * The verdict items (not yet checked) of the images whose partition keys are `pks`, by partition key:
 * distinct keys only, in chunks of 100 read in parallel, unprocessed keys asked again as batchGetVerdicts
 * does. An image without a verdict is absent from the map.
 */
export async function batchGetVerdictItems(
  batchGet: BatchGetCall,
  pks: readonly string[],
  options: BatchGetOptions,
): Promise<Map<string, Item>> {
  const distinct = [...new Set(pks)];
  const found = new Map<string, Item>();
  const chunks: string[][] = [];
  for (let i = 0; i < distinct.length; i += BATCH_GET_LIMIT)
    chunks.push(distinct.slice(i, i + BATCH_GET_LIMIT));
  await Promise.all(
    chunks.map(async (chunk) => {
      for (const item of await readChunk(batchGet, chunk, options)) found.set(String(item.pk), item);
    }),
  );
  return found;
}

async function readChunk(
  batchGet: BatchGetCall,
  pks: readonly string[],
  options: BatchGetOptions,
): Promise<Item[]> {
  const items: Item[] = [];
  let pending: TableKey[] = pks.map((pk) => ({ pk, sk: VERDICT_SK }));
  for (let attempt = 1; pending.length > 0; attempt++) {
    if (attempt > 1) {
      if (attempt > options.maxAttempts) {
        throw new ThrottledError(
          `reading ${pks.length} verdicts: ${pending.length} keys still unprocessed after ${options.maxAttempts} calls`,
        );
      }
      await sleep(Math.random() * Math.min(200, options.baseDelayMs * 2 ** (attempt - 2)));
    }
    const out = await batchGet(pending);
    items.push(...out.items);
    pending = [...out.unprocessed];
  }
  return items;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
