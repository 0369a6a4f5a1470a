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

/** A signing under the lease: what was signed, and whether another worker held the lease first. */
export interface LeasedSigning {
  readonly signature: VerdictSignature;
  /**
   * The lease was held by another worker when this one asked (a duplicate delivery): that worker has
   * likely recorded its verdict meanwhile, so a verdict read before the lease is stale.
   */
  readonly contended: boolean;
}

/**
 * Signs (and checks) one image under the signing lease (deps.leases), renewed while it runs: two workers
 * never sign one digest at once, however slow the registry; the one that loses retries later
 * (ConflictError, retryable) and then finds the signatures already there.
 *
 * Writes the formats configured for the image's repository (`signatureFormats`).
 *
 * @param options.rootOnly sign only the manifest itself (an index whose platforms were signed on their own)
 * @param options.manifest the image's manifest as this evaluation read it (not read again)
 * @param recordSigned records the verdict while the lease is still held: a duplicate waiting for the
 *   lease then finds the verdict recorded (and its seal made) and does not seal it once more
 */
export async function signUnderLease<R>(
  deps: PipelineDeps,
  image: VerdictKey,
  scan: ScanSummary | undefined,
  options: Omit<SignAndVerifyOptions, 'formats'>,
  recordSigned: (signed: LeasedSigning) => Promise<R>,
): Promise<R> {
  const signing = deps.signing;
  if (!signing) throw new UpstreamError('this worker holds no signing key');
  // One owner per signing, not per worker: a worker runs several records of a batch at once.
  const owner = `${deps.workerId}:${randomUUID()}`;
  const leased = await acquireLease(deps, image, owner);
  if (leased === 'refused') {
    throw new ConflictError(`another worker is signing ${image.repository}@${image.digest}; will retry`, {
      retryable: true,
    });
  }
  const kept = keepLease(deps.leases, image, owner, deps.signingLeaseMs ?? DEFAULT_LEASE_MS);
  try {
    const formats = signatureFormatsFor(deps.config, image.repository);
    const signature = await signing.signAndVerify(image, scan, deps.now(), { ...options, formats });
    await kept.stop();
    if (kept.lost()) {
      // Another worker may have signed meanwhile: record nothing now; the retry checks what is there.
      throw new ConflictError(
        `lost the signing lease of ${image.repository}@${image.digest} while signing; will retry`,
        { retryable: true },
      );
    }
    return await recordSigned({ signature, contended: leased === 'waited' });
  } finally {
    await kept.stop();
    await deps.leases.release(image, owner).catch(() => undefined);
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
): Promise<'free' | 'waited' | 'refused'> {
  const ttl = deps.signingLeaseMs ?? DEFAULT_LEASE_MS;
  const deadline = Date.now() + Math.min(LEASE_WAIT_MS, ttl);
  for (let delay = 50, first = true; ; delay = Math.min(delay * 2, 1000), first = false) {
    if (await deps.leases.acquire(image, owner, ttl)) return first ? 'free' : 'waited';
    if (Date.now() + delay > deadline) return 'refused';
    await new Promise((resolve) => setTimeout(resolve, delay / 2 + Math.random() * (delay / 2)));
  }
}
