/**
 * Like Promise.all, but waits for every task to finish before failing with the first error. Writers
 * started together must all have stopped before the caller gives up its signing lease: a write left
 * running would race the next attempt and could sign twice.
 */
export async function settleAll<T extends readonly unknown[]>(
  tasks: readonly [...{ [K in keyof T]: Promise<T[K]> }],
): Promise<T> {
  const results = await Promise.allSettled(tasks);
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw failed.reason;
  return results.map((r) => (r as PromiseFulfilledResult<unknown>).value) as unknown as T;
}
