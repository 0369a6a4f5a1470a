import { randomUUID } from 'node:crypto';
import { ConflictError, UpstreamError } from '../errors';
import type { SignAndVerifyOptions } from '../ports/image-signing';
import type { ScanSummary } from '../scan/scan-summary';
import type { VerdictKey, VerdictSignature } from '../verdict/verdict';
import { keepLease } from './lease-keeper';
import type { PipelineDeps } from './pipeline-deps';
import { signatureFormatsFor } from './signature-formats-for';

/**
 * Longer than a signing takes (1-3 s, at most a few retries); renewed while signing runs (lease-keeper.ts),
 * so only what a crashed worker held frees itself.
 */
const DEFAULT_LEASE_MS = 60 * 1000;
/** How long a duplicate waits for the worker signing the same digest before handing back to the queue. */
const LEASE_WAIT_MS = 20_000;

/**
 * Signs (and checks) one image under the signing lease (deps.leases), renewed while it runs: two workers
 * never sign one digest at once, however slow the registry; the one that loses retries later
 * (ConflictError, retryable) and then finds the signatures already there.
 *
 * Writes the formats configured for the image's repository (`signatureFormats`).
 *
 * @param options.rootOnly sign only the manifest itself (an index whose platforms were signed on their own)
 * @param options.manifest the image's manifest as this evaluation read it (not read again)
 */
export async function signUnderLease(
  deps: PipelineDeps,
  image: VerdictKey,
  scan: ScanSummary | undefined,
  options: Omit<SignAndVerifyOptions, 'formats'> = {},
): Promise<VerdictSignature> {
  return signUnderLeaseThen(deps, image, scan, options, {
    record: (signature) => Promise.resolve(signature),
    beside: () => Promise.resolve(),
  });
}

/**
 * signUnderLease, then `then.record` (the verdict's record) with the signature while the lease is still
 * held, then `then.beside` (what follows the record) while the lease is given back: those two round
 * trips side by side. A duplicate waiting for the lease gets it only once the verdict is written.
 * `waited`: the lease was another worker's when asked for, so the verdict this evaluation read before is
 * stale (that worker has recorded since): read it again rather than seal a verdict bound to lose.
 * `then.record` may give the lease (`owner`) up in its own write: `then.released` then says so, and
 * it is not released again (on every other path it is, in `finally`).
 * `then.alongside` runs beside the signing, only when the lease was free (what it computes from the
 * verdict read before is then current): its result goes to `record`, undefined if it failed; a signing
 * that fails discards it.
 */
export async function signUnderLeaseThen<T, A = undefined>(
  deps: PipelineDeps,
  image: VerdictKey,
  scan: ScanSummary | undefined,
  options: Omit<SignAndVerifyOptions, 'formats'>,
  then: {
    readonly alongside?: () => Promise<A>;
    readonly record: (
      signature: VerdictSignature,
      lease: { readonly waited: boolean; readonly owner: string; readonly alongside?: A },
    ) => Promise<T>;
    /** Whether the record gave the lease up itself (in its write): then it is not released again. */
    readonly released?: (recorded: T) => boolean;
    readonly beside: (recorded: T) => Promise<void>;
  },
): Promise<T> {
  const signing = deps.signing;
  if (!signing) throw new UpstreamError('this worker holds no signing key');
  // One owner per signing, not per worker: a worker runs several records of a batch at once.
  const owner = `${deps.workerId}:${randomUUID()}`;
  const leased = await acquireLease(deps, image, owner);
  if (!leased) {
    throw new ConflictError(`another worker is signing ${image.repository}@${image.digest}; will retry`, {
      retryable: true,
    });
  }
  const kept = keepLease(deps.leases, image, owner, deps.signingLeaseMs ?? DEFAULT_LEASE_MS);
  let released: Promise<void> | undefined;
  let givenBack = false;
  const release = () =>
    (released ??= kept
      .stop()
      .then(() => givenBack || deps.leases.release(image, owner))
      .then(
        () => undefined,
        () => undefined,
      ));
  try {
    const alongside =
      leased === 'free' && then.alongside
        ? then.alongside().catch(() => undefined)
        : Promise.resolve(undefined);
    const formats = signatureFormatsFor(deps.config, image.repository);
    // A worker that waited finds what the other one wrote: no guess that nothing is there yet.
    const { likelyNew, ...rest } = options;
    const guess = leased === 'free' && likelyNew ? { likelyNew } : {};
    const signature = await signing.signAndVerify(image, scan, deps.now(), { ...rest, ...guess, formats });
    await kept.stop();
    if (kept.lost()) {
      // Another worker may have signed meanwhile: record nothing now; the retry checks what is there.
      throw new ConflictError(
        `lost the signing lease of ${image.repository}@${image.digest} while signing; will retry`,
        { retryable: true },
      );
    }
    const made = await alongside;
    const lease = { waited: leased === 'waited', owner, ...(made === undefined ? {} : { alongside: made }) };
    const recorded = await then.record(signature, lease);
    givenBack = then.released?.(recorded) ?? false;
    await Promise.all([then.beside(recorded), release()]);
    return recorded;
  } finally {
    await release();
  }
}

/**
 * Takes the signing lease, waiting (with jittered polling) while another worker holds it: duplicates of
 * one event usually arrive together, and the one that waits then finds the signatures already written.
 */
async function acquireLease(
  deps: PipelineDeps,
  image: VerdictKey,
  owner: string,
): Promise<'free' | 'waited' | false> {
  const ttl = deps.signingLeaseMs ?? DEFAULT_LEASE_MS;
  const deadline = Date.now() + Math.min(LEASE_WAIT_MS, ttl);
  for (let delay = 50; ; delay = Math.min(delay * 2, 1000)) {
    if (await deps.leases.acquire(image, owner, ttl)) return delay === 50 ? 'free' : 'waited';
    if (Date.now() + delay > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, delay / 2 + Math.random() * (delay / 2)));
  }
}
