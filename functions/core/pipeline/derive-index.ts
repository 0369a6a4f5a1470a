import { createHash } from 'node:crypto';
import { parseManifest } from '../cosign/oci-manifest';
import type { StoredManifest } from '../ports/registry';
import type { VerdictKey } from '../verdict/verdict';
import { earliestValidity } from './earliest-validity';
import { evaluationTime } from './evaluation-time';
import { runnableMembers } from './index-members';
import {
  memberLabel,
  newestDecision,
  platformReason,
  platformStates,
  revokeFromPlatforms,
  type PlatformState,
} from './index-revocation';
import type { PipelineDeps, PipelineOutcome } from './pipeline-deps';
import { signUnderLease } from './sign-under-lease';
import { wouldVerify } from './would-verify';
import { record } from './record';

type Trigger = { readonly id: string; readonly at: string; readonly operator?: boolean };
type Evaluate = (deps: PipelineDeps, image: VerdictKey, trigger: Trigger) => Promise<PipelineOutcome>;

/**
 * Evaluates an image index: records which runnable platforms it holds (membership items, before
 * reading their verdicts, so that a platform decided meanwhile finds the index), then derives its
 * verdict from theirs (deriveIndex). Its own scan or report, if any, is never read: it says nothing
 * about what a kubelet runs. An operator's re-evaluation of an index re-evaluates its platforms first.
 */
export async function evaluateIndex(
  deps: PipelineDeps,
  index: VerdictKey,
  manifest: StoredManifest,
  trigger: Trigger,
  evaluate: Evaluate,
): Promise<PipelineOutcome> {
  const members = runnableMembers(parseManifest(manifest.bytes));
  if (members.length === 0) {
    const message = 'the index lists no runnable platform manifest';
    const reasons = [{ code: 'NO_RUNNABLE_PLATFORM', message }];
    const event = { type: 'Evaluated', outcome: 'fail', id: trigger.id, at: trigger.at, reasons } as const;
    const { verdict } = await record(deps, index, {
      ...event,
      policyVersion: deps.policy.version,
    });
    return { action: 'rejected', status: verdict.status, detail: message };
  }
  await deps.store.putMemberships(index, members);
  if (trigger.operator === true) {
    for (const m of members) {
      await evaluate(deps, { ...index, digest: m.digest }, { ...trigger, id: `${trigger.id}/${m.digest}` });
    }
  }
  return deriveIndex(deps, index, trigger.operator === true ? trigger : undefined);
}

/**
 * Re-derives the verdict of every index recorded as holding `platform`, after the platform's verdict
 * changed (decided, revoked).
 */
export async function spreadToIndexes(deps: PipelineDeps, platform: VerdictKey): Promise<void> {
  for (const digest of await deps.store.indexesOf(platform)) {
    await deriveIndex(deps, { ...platform, digest });
  }
}

/**
 * An index's verdict from its runnable platforms' (recorded by evaluateIndex): REVOKED naming each
 * revoked platform; REJECTED naming each rejected or deleted one; PENDING (nothing recorded) while one
 * waits; else VERIFIED, once the index manifest itself is signed (its platforms were signed by their
 * own verification). The derived event is stamped with the newest platform decision, so it is newer
 * than any earlier derivation, and its id hashes the platforms' states, so deriving twice from the same
 * states is a duplicate. `operator`: the re-evaluation an operator asked for (its id and time).
 */
export async function deriveIndex(
  deps: PipelineDeps,
  index: VerdictKey,
  operator?: Trigger,
): Promise<PipelineOutcome> {
  const states = await platformStates(deps.store, index);
  const members = states.map((s) => s.member);
  const newest = newestDecision(states);
  const id = operator?.id ?? `derived:${stateHash(states)}`;
  const current = await deps.store.get(index);
  const at = operator?.at ?? evaluationTime({ at: newest }, newest, current);
  const revoked = await revokeFromPlatforms(deps, index, states, id);
  if (revoked !== undefined) {
    return {
      action: 'revoked',
      status: revoked.status,
      detail: revoked.reasons.map((r) => r.message).join('; '),
    };
  }
  const rejected = states.filter((s) => s.verdict?.status === 'REJECTED' || s.verdict?.status === 'DELETED');
  const base = { type: 'Evaluated', id, at, policyVersion: deps.policy.version } as const;
  const flag = operator === undefined ? {} : { operator: true };
  if (rejected.length > 0) {
    const reasons = rejected.map((s) => platformReason('PLATFORM_REJECTED', s.member, s.verdict!));
    const { verdict } = await record(deps, index, {
      ...base,
      ...flag,
      outcome: 'fail',
      reasons,
    });
    return { action: 'rejected', status: verdict.status, detail: reasons.map((r) => r.message).join('; ') };
  }
  const waiting = states.filter((s) => s.verdict?.status !== 'VERIFIED');
  if (waiting.length > 0 || members.length === 0) {
    return {
      action: 'pending',
      detail: `waiting for ${waiting.map((s) => memberLabel(s.member)).join(', ')}`,
    };
  }
  const message = `every runnable platform is VERIFIED: ${members.map(memberLabel).join(', ')}`;
  const validity = earliestValidity(states.map((s) => s.verdict?.validity));
  const pass = {
    ...base,
    ...flag,
    outcome: 'pass',
    reasons: [{ code: 'PLATFORMS_VERIFIED', message }],
    ...(validity === undefined ? {} : { validity }),
  } as const;
  if (current?.status === 'VERIFIED' && current.decidedAt === at)
    return { action: 'unchanged', status: current.status };
  if (!wouldVerify(current, index, pass, deps.now())) {
    return { action: 'unchanged', status: current?.status, detail: 'a revocation of the index stands' };
  }
  if (!deps.signing) {
    if (!deps.handOff) return { action: 'pending', detail: 'this worker cannot sign the index' };
    await deps.handOff({
      type: 'ReevaluationRequested',
      image: index,
      id,
      at: deps.now().toISOString(),
      reason: message,
    });
    return { action: 'handed-off' };
  }
  const signature = await signUnderLease(deps, index, undefined, { rootOnly: true });
  const { verdict } = await record(deps, index, { ...pass, signature });
  return { action: 'verified', status: verdict.status, firstSeenAt: verdict.firstSeenAt };
}

function stateHash(states: readonly PlatformState[]): string {
  const text = states.map((s) => `${s.member.digest}=${s.verdict?.status}@${s.verdict?.decidedAt}`).join(',');
  return createHash('sha256').update(text).digest('hex').slice(0, 32);
}
