import type { Verdict, VerdictKey } from '../../../../functions/core/verdict/verdict';
import type { VerdictStore } from '../../../../functions/core/verdict/verdict-store';
import { recordVerdict } from '../../../../functions/core/verdict/record-verdict';
import type {
  VerdictEvent,
  DeletedEvent,
  EvaluatedEvent,
  ObservedEvent,
  RevokedEvent,
  UntaggedEvent,
} from '../../../../functions/core/verdict/verdict-event';

/** Builders of verdict events for tests: `at(n)` is n seconds after a fixed instant. */
export const KEY: VerdictKey = {
  registry: '123456789012.dkr.ecr.us-east-1.amazonaws.com',
  repository: 'team/app',
  digest: `sha256:${'a'.repeat(64)}`,
};

const T0 = Date.parse('2025-03-01T12:00:00.000Z');

/** The normalised ISO time `seconds` after the tests' fixed instant. */
export function at(seconds: number): string {
  return new Date(T0 + seconds * 1000).toISOString();
}

export function observed(id: string, seconds: number, tags: readonly string[] = []): ObservedEvent {
  return { type: 'Observed', id, at: at(seconds), tags: [...tags].sort() };
}

export function passed(id: string, seconds: number): EvaluatedEvent {
  return {
    type: 'Evaluated',
    id,
    at: at(seconds),
    outcome: 'pass',
    policyVersion: `policy-${id}`,
    reasons: [{ code: 'POLICY_PASSED', message: `passed (${id})` }],
    scan: { source: 'ecr-basic', completedAt: at(seconds), severityCounts: { LOW: 2 } },
    signature: {
      keyId: `arn:aws:kms:us-east-1:123456789012:key/${id}`,
      signedDigests: [KEY.digest],
      artifacts: [{ kind: 'signature', subjectDigest: KEY.digest, location: `sha256-${'a'.repeat(64)}.sig` }],
      signedAt: at(seconds),
    },
  };
}

export function failed(
  id: string,
  seconds: number,
  cveIds: readonly string[] = ['CVE-2024-3094'],
): EvaluatedEvent {
  return {
    type: 'Evaluated',
    id,
    at: at(seconds),
    outcome: 'fail',
    policyVersion: `policy-${id}`,
    reasons: [{ code: 'CRITICAL_FINDINGS', message: `critical findings (${id})`, cveIds }],
    scan: { source: 'inspector', completedAt: at(seconds), severityCounts: { CRITICAL: 1 } },
  };
}

export function revoked(id: string, seconds: number, cveId = 'CVE-2025-0001'): RevokedEvent {
  return {
    type: 'Revoked',
    id,
    at: at(seconds),
    reasons: [{ code: 'CVE_PUBLISHED', message: `${cveId} affects this image (${id})`, cveIds: [cveId] }],
  };
}

/** A revocation by hand (`manual`): held until an operator's re-evaluation newer than it. */
export function revokedByHand(id: string, seconds: number): RevokedEvent {
  return {
    type: 'Revoked',
    id,
    at: at(seconds),
    manual: true,
    reasons: [{ code: 'MANUAL', message: `revoked by ops: bad image (${id})` }],
  };
}

/** The same evaluation, asked for by an operator. */
export function operator(event: EvaluatedEvent): EvaluatedEvent {
  return { ...event, operator: true };
}

export function untagged(id: string, seconds: number, tags: readonly string[]): UntaggedEvent {
  return { type: 'Untagged', id, at: at(seconds), tags: [...tags].sort() };
}

export function deleted(id: string, seconds: number): DeletedEvent {
  return { type: 'Deleted', id, at: at(seconds) };
}

/** Applies events in order to a real store and returns the verdict they leave. */
export async function recordEvents(
  store: Pick<VerdictStore, 'get' | 'putIfVersion'>,
  key: VerdictKey,
  ...events: VerdictEvent[]
): Promise<Verdict> {
  let verdict: Verdict | undefined;
  for (const event of events) verdict = (await recordVerdict(store, key, event)).verdict;
  if (verdict === undefined) throw new Error('record needs at least one event');
  return verdict;
}
