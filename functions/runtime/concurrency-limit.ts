/** Runs a task when a slot is free: at most the limit's number of tasks run at once. */
export type ConcurrencyLimit = <T>(task: () => Promise<T>) => Promise<T>;

/**
 * A limit of `slots` tasks at once, started in the order they were given. A task that throws frees its
 * slot like one that returns; its error goes to its caller only.
 *
 * @throws RangeError unless `slots` is a positive integer
 */
export function concurrencyLimit(slots: number): ConcurrencyLimit {
  if (!Number.isInteger(slots) || slots < 1)
    throw new RangeError(`slots must be a positive integer: ${slots}`);
  let running = 0;
  const waiting: (() => void)[] = [];
  // A finished task hands its slot straight to the next waiting one, so no newcomer can slip in between.
  const release = () => {
    const next = waiting.shift();
    if (next) next();
    else running -= 1;
  };
  return async <T>(task: () => Promise<T>): Promise<T> => {
    if (running < slots) running += 1;
    else await new Promise<void>((resolve) => waiting.push(resolve));
    try {
      return await task();
    } finally {
      release();
    }
  };
}
