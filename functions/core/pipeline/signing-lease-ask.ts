import { randomUUID } from 'node:crypto';
import type { VerdictKey } from '../verdict/verdict';
import type { PipelineDeps } from './pipeline-deps';

/**
 * Longer than a signing takes (1-3 s, at most a few retries); renewed while signing runs (lease-keeper.ts),
 * so only what a crashed worker held frees itself.
 */
export const DEFAULT_LEASE_MS = 60 * 1000;
/** How long a duplicate waits for the worker signing the same digest before handing back to the queue. */
const LEASE_WAIT_MS = 20_000;

/** The signing lease of one image, asked for (possibly before it is known whether the image will be signed). */
export interface AskedLease {
  /** One owner per signing, not per worker: a worker runs several records of a batch at once. */
  readonly owner: string;
  /**
   * Takes the lease over for a signing, which from then on gives it back: 'free' (had at the first ask),
   * 'waited' (another worker held it first), or false (not had in time).
   */
  take(): Promise<'free' | 'waited' | false>;
  /** Unless taken over: stops waiting for the lease and gives it back if it was had. */
  giveBack(): Promise<void>;
}

/**
 * Asks for the signing lease of `image` now (waiting, with jittered polling, while another worker holds
 * it: duplicates of one event usually arrive together, and the one that waits then finds the signatures
 * already written). Asked beside an evaluation's reads, it is had by the time the evaluation decides to
 * sign; an evaluation that does not sign gives it back.
 */
export function askLease(deps: PipelineDeps, image: VerdictKey): AskedLease {
  const owner = `${deps.workerId}:${randomUUID()}`;
  const ttl = deps.signingLeaseMs ?? DEFAULT_LEASE_MS;
  const askedAt = Date.now();
  let cancelled = false;
  let wake: (() => void) | undefined;
  let taken = false;
  const acquiring = acquire(deps, image, owner, {
    cancelled: () => cancelled,
    sleeping: (w) => (wake = w),
  });
  void acquiring.catch(() => undefined);
  return {
    owner,
    async take() {
      taken = true;
      const leased = await acquiring;
      // Had since before the evaluation: renewed first once a third of it may have passed, as the
      // keeper (lease-keeper.ts) counts from the hand-over.
      if (leased && Date.now() - askedAt >= ttl / 3 && !(await deps.leases.acquire(image, owner, ttl))) {
        return false;
      }
      return leased;
    },
    async giveBack() {
      if (taken) return;
      taken = true;
      cancelled = true;
      wake?.();
      const leased = await acquiring.catch(() => false);
      if (leased) await deps.leases.release(image, owner).catch(() => false);
    },
  };
}

async function acquire(
  deps: PipelineDeps,
  image: VerdictKey,
  owner: string,
  stop: { readonly cancelled: () => boolean; readonly sleeping: (wake: () => void) => void },
): Promise<'free' | 'waited' | false> {
  const ttl = deps.signingLeaseMs ?? DEFAULT_LEASE_MS;
  const deadline = Date.now() + Math.min(LEASE_WAIT_MS, ttl);
  for (let delay = 50; ; delay = Math.min(delay * 2, 1000)) {
    if (await deps.leases.acquire(image, owner, ttl)) return delay === 50 ? 'free' : 'waited';
    if (stop.cancelled() || Date.now() + delay > deadline) return false;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, delay / 2 + Math.random() * (delay / 2));
      stop.sleeping(() => {
        clearTimeout(timer);
        resolve();
      });
    });
    if (stop.cancelled()) return false;
  }
}
