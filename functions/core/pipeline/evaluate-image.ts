import { randomUUID } from 'node:crypto';
import { ConflictError, UpstreamError } from '../errors';
import { evaluateScan } from '../policy/evaluate-scan';
import { evaluateUnscannable } from '../policy/evaluate-unscannable';
import type { ScanSummary } from '../scan/scan-summary';
import type { Verdict, VerdictKey } from '../verdict/verdict';
import { checkAllowlist } from './allowlist';
import type { PipelineDeps, PipelineOutcome } from './pipeline-deps';
import { readEvidence, type Unscannable } from './read-evidence';
import { laterOf, verdictReasons, verdictScan } from './record-decision';
import { recordVerdict } from '../verdict/record-verdict';

/** What made the pipeline evaluate: an event's id and time (duplicates share both). */
export interface Trigger {
  readonly id: string;
  readonly at: string;
}

/** Longer than a signing takes (1-3 s, at most a few retries); what a crashed worker held frees itself. */
const DEFAULT_LEASE_MS = 60 * 1000;
/** How long a duplicate waits for the worker signing the same digest before handing back to the queue. */
const LEASE_WAIT_MS = 20_000;

/**
 * Checks an image against the allowlist and the policy with its latest scan, then records REJECTED,
 * or signs (legacy signature, bundle, vuln attestation), verifies what was written and records
 * VERIFIED. A scan still missing leaves the verdict PENDING; an image ECR cannot scan (`unscannable`, or
 * the reader's UNSUPPORTED_IMAGE) passes only under an exemption or `requireScan: false`. The evaluation's time is the later of the
 * trigger and the scan, so a later trigger (a closed finding, the reconciler) can supersede a
 * revocation while a duplicate delivery is the same event and changes nothing.
 *
 * Signing runs under the signing lease (deps.leases): two workers never sign one digest at once; the one
 * that loses retries later (ConflictError, retryable) and then finds the signatures already there.
 */
export async function evaluateImage(
  deps: PipelineDeps,
  image: VerdictKey,
  trigger: Trigger,
  options: { readonly unscannable?: Unscannable } = {},
): Promise<PipelineOutcome> {
  const allowed = checkAllowlist(deps.config.allowlist, image);
  if (!allowed.allowed) {
    return rejectWith(deps, image, trigger, 'NOT_ALLOWED', allowed.reason);
  }

  const evidence = await readEvidence(deps, image, options.unscannable);
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
  const at = laterOf(trigger.at, scan?.completedAt);
  const base = {
    type: 'Evaluated' as const,
    id: trigger.id,
    at,
    policyVersion: decision.policyVersion,
    reasons,
    ...(scan ? { scan: verdictScan(scan) } : {}),
  };
  if (decision.outcome === 'fail') {
    const { verdict } = await recordVerdict(deps.store, image, { ...base, outcome: 'fail' });
    return {
      action: 'rejected',
      status: verdict.status,
      firstSeenAt: verdict.firstSeenAt,
      detail: reasons.map((r) => r.message).join('; '),
    };
  }

  const current = await deps.store.get(image);
  if (alreadyVerifiedBy(current, trigger)) return { action: 'unchanged', status: current?.status };
  if (!deps.signing) {
    if (!deps.handOff) throw new UpstreamError('this worker cannot sign and has nowhere to hand signing to');
    await deps.handOff({
      type: 'ReevaluationRequested',
      image,
      id: trigger.id,
      at: trigger.at,
      reason: 'policy passed: sign',
    });
    return { action: 'handed-off' };
  }
  const signature = await signUnderLease(deps, image, scan);
  const { verdict } = await recordVerdict(deps.store, image, { ...base, outcome: 'pass', signature });
  // The platform manifests of an index were signed with it: they run (kubelets pull them) under its verdict.
  for (const digest of signature.signedDigests.filter((d) => d !== image.digest)) {
    await recordVerdict(
      deps.store,
      { ...image, digest },
      { ...base, id: `${trigger.id}/${digest}`, outcome: 'pass', signature },
    );
  }
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
  const { verdict } = await recordVerdict(deps.store, image, {
    type: 'Evaluated',
    outcome: 'fail',
    id: trigger.id,
    at: trigger.at,
    policyVersion: deps.policy.version,
    reasons: [{ code, message }],
  });
  return { action: 'rejected', status: verdict.status, firstSeenAt: verdict.firstSeenAt, detail: message };
}

function alreadyVerifiedBy(current: Verdict | undefined, trigger: Trigger): boolean {
  const last = current?.latestEvents.Evaluated;
  return current?.status === 'VERIFIED' && last?.id === trigger.id && last.outcome === 'pass';
}

async function signUnderLease(deps: PipelineDeps, image: VerdictKey, scan: ScanSummary | undefined) {
  const signing = deps.signing!;
  // One owner per signing, not per worker: a worker runs several records of a batch at once.
  const owner = `${deps.workerId}:${randomUUID()}`;
  const leased = await acquireLease(deps, image, owner);
  if (!leased) {
    throw new ConflictError(`another worker is signing ${image.repository}@${image.digest}; will retry`, {
      retryable: true,
    });
  }
  try {
    return await signing.signAndVerify(image, scan, deps.now());
  } finally {
    await deps.leases.release(image, owner).catch(() => undefined);
  }
}

/**
 * Takes the signing lease, waiting (with jittered polling) while another worker holds it: duplicates of
 * one event usually arrive together, and the one that waits then finds the signatures already written.
 */
async function acquireLease(deps: PipelineDeps, image: VerdictKey, owner: string): Promise<boolean> {
  const ttl = deps.signingLeaseMs ?? DEFAULT_LEASE_MS;
  const deadline = Date.now() + Math.min(LEASE_WAIT_MS, ttl);
  for (let delay = 50; ; delay = Math.min(delay * 2, 1000)) {
    if (await deps.leases.acquire(image, owner, ttl)) return true;
    if (Date.now() + delay > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, delay / 2 + Math.random() * (delay / 2)));
  }
}
