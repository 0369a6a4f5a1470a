import { newerOf } from './event-order';
import { statusOf, type TransitionState } from './transition-state';
import type { Verdict, VerdictReason, VerdictStatus } from './verdict';
import { EVENT_SLOTS, type LatestEvents, type StateEvent } from './verdict-event';

/** The fields of a verdict that follow from its newest events and its status. */
export type DerivedFields = Pick<
  Verdict,
  | 'status'
  | 'reasons'
  | 'decidedAt'
  | 'policyVersion'
  | 'scan'
  | 'signature'
  | 'validUntil'
  | 'validity'
  | 'lastEventAt'
>;

/** The reason a DELETED verdict gives. */
export const DELETED_REASON: VerdictReason = {
  code: 'IMAGE_DELETED',
  message: 'the digest was deleted from its repository',
};

/**
 * Fills in what a status means: which event decided it (`decidedAt`), its reasons, and the newest
 * evaluation's policy version, scan and signature (shown unless PENDING: a PENDING verdict has no
 * current evaluation), and a VERIFIED verdict's validity. Pure; undefined fields are left out.
 *
 * @param state the state `latest` replays to (state-machine.ts), NONE excluded
 */
export function derivedFields(latest: LatestEvents, state: Exclude<TransitionState, 'NONE'>): DerivedFields {
  const status: VerdictStatus = statusOf(state) ?? 'PENDING';
  const decider = deciderOf(latest, state);
  const evaluated = status === 'PENDING' ? undefined : newerOf(latest.Evaluated, latest.OperatorEvaluated);
  return omitUndefined({
    status,
    reasons: reasonsOf(latest, state, decider),
    decidedAt: decider?.at,
    policyVersion: evaluated?.policyVersion,
    scan: evaluated?.scan,
    signature: evaluated?.signature,
    // Only a VERIFIED verdict allows, so only it can expire.
    validUntil: status === 'VERIFIED' ? evaluated?.validity?.validUntil : undefined,
    validity: status === 'VERIFIED' ? evaluated?.validity : undefined,
    lastEventAt: newestTime(latest),
  });
}

function deciderOf(latest: LatestEvents, state: TransitionState): StateEvent | undefined {
  switch (state) {
    case 'VERIFIED':
    case 'REJECTED':
      return newerOf(latest.Evaluated, latest.OperatorEvaluated);
    case 'REVOKED':
      return latest.Revoked;
    case 'REVOKED(manual)':
      return latest.ManualRevoked;
    case 'DELETED':
    case 'DELETED(manual)':
      return latest.Deleted;
    default:
      return undefined;
  }
}

function reasonsOf(
  latest: LatestEvents,
  state: TransitionState,
  decider: StateEvent | undefined,
): readonly VerdictReason[] {
  if (state === 'DELETED' || state === 'DELETED(manual)') return [DELETED_REASON];
  if (decider === undefined || decider.type === 'Observed' || decider.type === 'Deleted') return [];
  return decider.reasons;
}

function newestTime(latest: LatestEvents): string {
  const times = EVENT_SLOTS.flatMap((slot) => {
    const event = latest[slot];
    return event === undefined ? [] : [event.at];
  });
  return times.reduce((a, b) => (b > a ? b : a), '');
}

function omitUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
