import { ConflictError, UpstreamError } from '../errors';
import type { SignAndVerifyOptions } from '../ports/image-signing';
import type { ScanSummary } from '../scan/scan-summary';
import type { VerdictKey, VerdictSignature } from '../verdict/verdict';
import { keepLease } from './lease-keeper';
import { askLease, DEFAULT_LEASE_MS, type AskedLease } from './signing-lease-ask';
import type { PipelineDeps } from './pipeline-deps';
import { signatureFormatsFor } from './signature-formats-for';

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
 * `then.asked`: the lease asked for beside the evaluation's reads (signing-lease-ask.ts). Its 'free'
 * is as good a guess as before, not a proof: a read that raced the previous holder's record (verdict and
 * lease release in one write) may be stale. Nothing then goes wrong, it only costs: what is there is
 * found before anything is written, the record's put is conditional on the version read (refused, read
 * again: a duplicate writes nothing) and a preseal of another revision is not used.
 */
export async function signUnderLeaseThen<T, A = undefined>(
  deps: PipelineDeps,
  image: VerdictKey,
  scan: ScanSummary | undefined,
  options: Omit<SignAndVerifyOptions, 'formats'>,
  then: {
    /** The lease asked for already (beside the evaluation's reads); else asked for now. */
    readonly asked?: AskedLease;
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
  const asked = then.asked ?? askLease(deps, image);
  const owner = asked.owner;
  const leased = await asked.take();
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
