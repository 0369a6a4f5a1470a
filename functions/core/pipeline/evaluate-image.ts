import { UpstreamError } from '../errors';
import { isIndexMediaType } from '../oci/media-types';
import { evaluateScan } from '../policy/evaluate-scan';
import { evaluateUnscannable } from '../policy/evaluate-unscannable';
import type { StoredManifest } from '../ports/registry';
import type { Verdict, VerdictKey } from '../verdict/verdict';
import { checkAllowlist } from './allowlist';
import { evaluateIndex, spreadToIndexes } from './derive-index';
import { evaluationTime } from './evaluation-time';
import type { PipelineDeps, PipelineOutcome } from './pipeline-deps';
import { readEvidence, type Unscannable } from './read-evidence';
import { verdictReasons, verdictScan, verdictValidity } from './record-decision';
import { presealFor } from './preseal';
import { signUnderLeaseThen } from './sign-under-lease';
import { askLease, type AskedLease } from './signing-lease-ask';
import { wouldVerify } from './would-verify';
import { record, type KnownVerdict } from './record';

/** What made the pipeline evaluate: an event's id and time (duplicates share both). */
export interface Trigger {
  readonly id: string;
  readonly at: string;
  /** An operator asked (admin re-evaluate): the evaluation is the operator's decision at `at`. */
  readonly operator?: boolean;
}

/**
 * Checks an image against the allowlist and the policy with its latest scan, then records REJECTED,
 * or signs (legacy signature, bundle, vuln attestation), verifies what was written and records
 * VERIFIED. A scan still missing leaves the verdict PENDING; an image ECR cannot scan (`unscannable`, or
 * the reader's UNSUPPORTED_IMAGE) passes only under an exemption or `requireScan: false`. An image index is not judged on a scan of
 * its own: its verdict is derived from its platforms' (derive-index.ts). A decision on a platform
 * re-derives every index recorded as holding it.
 *
 * The evaluation is stamped with its evidence's time (the scan's completion; an operator's request
 * time), so only evidence newer than a revocation undoes it, and a duplicate delivery is the same event.
 * A pass that would not verify (a revocation stands) signs nothing.
 */
export async function evaluateImage(
  deps: PipelineDeps,
  image: VerdictKey,
  trigger: Trigger,
  options: EvaluateOptions = {},
): Promise<PipelineOutcome> {
  const index = options.manifest?.digest === image.digest && isIndexMediaType(options.manifest.mediaType);
  const early =
    options.leaseEarly === true &&
    deps.signing &&
    !index &&
    checkAllowlist(deps.config.allowlist, image).allowed
      ? askLease(deps, image)
      : undefined;
  try {
    return await evaluate(deps, image, trigger, options, early);
  } finally {
    await early?.giveBack();
  }
}

/** Options of `evaluateImage`. */
export interface EvaluateOptions {
  readonly unscannable?: Unscannable;
  /** The image's manifest, when the caller read it already. */
  readonly manifest?: StoredManifest;
  /** The verdict as the caller just read or wrote it: not read again. */
  readonly known?: KnownVerdict;
  /**
   * The evaluation will most likely sign (a hand-off, a completed scan): where this worker signs, the
   * signing lease is asked for beside the reads, and given back if it does not sign after all.
   */
  readonly leaseEarly?: boolean;
}

async function evaluate(
  deps: PipelineDeps,
  image: VerdictKey,
  trigger: Trigger,
  options: EvaluateOptions,
  early: AskedLease | undefined,
): Promise<PipelineOutcome> {
  const allowed = checkAllowlist(deps.config.allowlist, image);
  if (!allowed.allowed) {
    return rejectWith(deps, image, trigger, 'NOT_ALLOWED', allowed.reason);
  }
  // Whether it is an index. A registry failure here does not stop a rejection (which needs no
  // registry); a pass needs the registry to sign, so it fails then and is retried. The manifest is read
  // once per evaluation (or was, by the caller): the scan reader and signing get it from here.
  let registryError: unknown;
  // The verdict (read consistently: the write engine starts from it) is read side by side with the
  // manifest and the evidence; a path that ends before it needs the verdict discards it. A failed
  // read fails the evaluation where it is awaited.
  const reading = options.known ? undefined : deps.store.get(image, { consistent: true });
  void reading?.catch(() => undefined);
  const manifest =
    options.manifest?.digest === image.digest
      ? options.manifest
      : await deps.registry.getManifest(image, image.digest).catch((error: unknown) => {
          registryError = error ?? new UpstreamError('reading the manifest failed');
          return undefined;
        });
  if (manifest !== undefined && isIndexMediaType(manifest.mediaType)) {
    await early?.giveBack(); // the index's own signing asks for it again
    return evaluateIndex(deps, image, manifest, trigger, evaluateImage);
  }

  const evidence = await readEvidence(deps, image, options.unscannable, manifest);
  if (evidence.kind === 'unusable')
    return rejectWith(deps, image, trigger, 'SCAN_UNUSABLE', evidence.message);
  const scan = evidence.kind === 'scan' ? evidence.scan : undefined;
  const decision =
    evidence.kind === 'unscannable'
      ? evaluateUnscannable(deps.policy, {
          repository: image.repository,
          digest: image.digest,
          ...evidence.unscannable,
          now: deps.now(),
        })
      : evaluateScan(deps.policy, { repository: image.repository, scan, now: deps.now() });
  const notes = evidence.kind === 'scan' ? evidence.notes : [];
  const reasons = verdictReasons([...notes, ...decision.reasons]);
  if (decision.outcome === 'pending') {
    return { action: 'pending', detail: reasons.map((r) => r.message).join('; ') };
  }
  // Read once and handed to every record below.
  const current = options.known ? options.known.verdict : await reading;
  const known: KnownVerdict = { verdict: current };
  const base = {
    type: 'Evaluated' as const,
    id: trigger.id,
    at: evaluationTime(trigger, scan?.completedAt, current),
    policyVersion: decision.policyVersion,
    reasons,
    ...(scan ? { scan: verdictScan(scan) } : {}),
    ...(trigger.operator === true ? { operator: true } : {}),
  };
  if (decision.outcome === 'fail') {
    const { verdict } = await record(deps, image, { ...base, outcome: 'fail' }, known);
    await spreadToIndexes(deps, image);
    return {
      action: 'rejected',
      status: verdict.status,
      firstSeenAt: verdict.firstSeenAt,
      detail: reasons.map((r) => r.message).join('; '),
    };
  }

  if (alreadyVerifiedBy(current, trigger)) return { action: 'unchanged', status: current?.status };
  if (registryError !== undefined) throw registryError;
  if (!wouldVerify(current, image, { ...base, outcome: 'pass' }, deps.now())) {
    const why = 'the policy passed, but a revocation newer than this evidence, or one by hand, stands';
    return { action: 'unchanged', status: current?.status, detail: why };
  }
  if (!deps.signing) {
    if (!deps.handOff) throw new UpstreamError('this worker cannot sign and has nowhere to hand signing to');
    await deps.handOff({
      type: 'ReevaluationRequested',
      image,
      id: trigger.id,
      at: trigger.at,
      reason: 'policy passed: sign',
      ...(trigger.operator === true ? { operator: true } : {}),
    });
    return { action: 'handed-off' };
  }
  const validity = verdictValidity(decision.validity);
  const pass = { ...base, outcome: 'pass' as const, ...(validity ? { validity } : {}) };
  const signed = current?.signature !== undefined;
  const likelyNew = {
    signature: !signed,
    attestation: !signed || current?.scan?.completedAt !== scan?.completedAt,
  };
  const { verdict } = await signUnderLeaseThen(
    deps,
    image,
    scan,
    { ...(manifest ? { manifest } : {}), likelyNew },
    {
      ...(early ? { asked: early } : {}),
      // The seal's content is known before the signatures: sealed beside the signing (preseal.ts).
      alongside: () => presealFor(deps, image, current, pass),
      // The lease is given back in the record's write (one DynamoDB request fewer).
      record: (signature, lease) =>
        lease.waited
          ? record(deps, image, { ...pass, signature }, undefined, { releaseLeaseOf: lease.owner })
          : record(deps, image, { ...pass, signature }, known, {
              releaseLeaseOf: lease.owner,
              ...(lease.alongside ? { preseal: lease.alongside } : {}),
            }),
      released: (recorded) => recorded.leaseReleased === true,
      beside: () => spreadToIndexes(deps, image),
    },
  );
  return { action: 'verified', status: verdict.status, firstSeenAt: verdict.firstSeenAt };
}

/** Records a rejection for one reason that is not the policy's (no usable evidence, not allowed). */
export async function rejectWith(
  deps: PipelineDeps,
  image: VerdictKey,
  trigger: Trigger,
  code: string,
  message: string,
): Promise<PipelineOutcome> {
  const { verdict } = await record(deps, image, {
    type: 'Evaluated',
    outcome: 'fail',
    id: trigger.id,
    at: trigger.at,
    policyVersion: deps.policy.version,
    reasons: [{ code, message }],
    ...(trigger.operator === true ? { operator: true } : {}),
  });
  await spreadToIndexes(deps, image);
  return { action: 'rejected', status: verdict.status, firstSeenAt: verdict.firstSeenAt, detail: message };
}

function alreadyVerifiedBy(current: Verdict | undefined, trigger: Trigger): boolean {
  const last = current?.latestEvents[trigger.operator === true ? 'OperatorEvaluated' : 'Evaluated'];
  return current?.status === 'VERIFIED' && last?.id === trigger.id && last.outcome === 'pass';
}
