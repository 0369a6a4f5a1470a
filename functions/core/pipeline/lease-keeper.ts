import type { SigningLease } from '../ports/signing-lease';
import type { VerdictKey } from '../verdict/verdict';

/** A signing lease kept alive while the work it guards runs. */
export interface KeptLease {
  /** Whether the lease may have passed to another worker (a renewal was refused, or none came through in time). */
  lost(): boolean;
  /** Stops renewing (waits for a renewal under way), fixing `lost()`; the caller then releases the lease. */
  stop(): Promise<void>;
}

/**
 * Renews a held lease every third of its duration until stopped, so a signing slowed past the lease (a
 * slow registry, KMS retries) is never overtaken by a second worker. A renewal refused means another
 * worker holds the lease; renewals failing (the store down) until the lease could have expired count as
 * lost too.
 */
export function keepLease(
  leases: SigningLease,
  image: VerdictKey,
  owner: string,
  ttlMs: number,
  clock: () => number = Date.now,
): KeptLease {
  const every = Math.max(10, Math.floor(ttlMs / 3));
  let renewedAt = clock();
  let lost = false;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let renewing: Promise<void> = Promise.resolve();

  const renew = async (): Promise<void> => {
    const attemptAt = clock();
    try {
      if (await leases.acquire(image, owner, ttlMs)) renewedAt = attemptAt;
      else lost = true;
    } catch {
      // The store failed this time; the lease holds until renewedAt + ttlMs.
    }
    if (clock() - renewedAt >= ttlMs) lost = true;
  };
  const schedule = (): void => {
    timer = setTimeout(() => {
      renewing = renew().then(() => {
        if (!stopped && !lost) schedule();
      });
    }, every);
  };
  schedule();

  return {
    lost: () => lost || (!stopped && clock() - renewedAt >= ttlMs),
    stop: async () => {
      if (stopped) return;
      stopped = true;
      clearTimeout(timer);
      await renewing;
      // Judged once, when the work ends; a lease given up afterwards is no loss.
      if (clock() - renewedAt >= ttlMs) lost = true;
    },
  };
}
