import type { VerdictReason, VerdictScan, VerdictSignature, VerdictValidity } from './verdict-parts';

/**
 * What every event carries. `id` and `at` identify it: two deliveries with the same type, `at` and `id`
 * are the same event (a duplicate), which changes nothing the second time.
 */
export interface VerdictEventBase {
  /** The producer's id of the fact: the EventBridge event id, the scan id, a request id. */
  readonly id: string;
  /**
   * When the fact happened (ISO 8601), not when it was delivered: the push time, the time of the
   * evidence a policy evaluated, the revocation time, the deletion time. Events are ordered by it.
   */
  readonly at: string;
}

/** A push of the digest was seen (an ECR PUSH event, the reconciler, a registry notification). */
export interface ObservedEvent extends VerdictEventBase {
  readonly type: 'Observed';
  /** The tags the push named; none for a push by digest. */
  readonly tags?: readonly string[];
}

interface EvaluatedFields extends VerdictEventBase {
  readonly type: 'Evaluated';
  readonly policyVersion: string;
  /** Which rules matched and why; may be empty for a pass. */
  readonly reasons: readonly VerdictReason[];
  readonly scan?: VerdictScan;
  /**
   * An operator asked for this evaluation (admin re-evaluate): the only evaluation that lifts a manual
   * revocation. Its `at` is the request time; an automatic evaluation's `at` is its evidence's time.
   */
  readonly operator?: boolean;
  /** How long a pass holds (absent for a fail, and for a pass without a scan). */
  readonly validity?: VerdictValidity;
}

/** The policy judged the image's evidence: a pass comes with its signature, a fail without. */
export type EvaluatedEvent =
  | (EvaluatedFields & { readonly outcome: 'pass'; readonly signature: VerdictSignature })
  | (EvaluatedFields & { readonly outcome: 'fail'; readonly signature?: undefined });

/** Trust in the image was withdrawn: a new CVE finding, or by hand. */
export interface RevokedEvent extends VerdictEventBase {
  readonly type: 'Revoked';
  /** At least one: names the CVE or the person and reason. */
  readonly reasons: readonly VerdictReason[];
  /** Revoked by hand: stays until an operator's re-evaluation newer than it (`operator` evaluations). */
  readonly manual?: boolean;
}

/** The digest was deleted from its repository. */
export interface DeletedEvent extends VerdictEventBase {
  readonly type: 'Deleted';
}

/**
 * A tag was removed from the digest (an ECR DELETE naming a tag, while the image itself is still there):
 * only the verdict's kept tags change, never its status.
 */
export interface UntaggedEvent extends VerdictEventBase {
  readonly type: 'Untagged';
  readonly tags: readonly string[];
}

/** Everything that can happen to a verdict. */
export type VerdictEvent = ObservedEvent | EvaluatedEvent | RevokedEvent | DeletedEvent | UntaggedEvent;
export type VerdictEventType = VerdictEvent['type'];
/** The events that the transition table reads (an Untagged event only changes tags). */
export type StateEvent = Exclude<VerdictEvent, UntaggedEvent>;

/**
 * The newest event of each slot received so far (by event order, see event-order.ts). Manual
 * revocations and operators' evaluations have slots of their own, so that a newer automatic event of
 * the same type cannot hide them: the table's result depends only on the newest event of each slot.
 */
export interface LatestEvents {
  readonly Observed?: ObservedEvent;
  /** The newest automatic evaluation (a scan, a finding, the reconciler, a derived index verdict). */
  readonly Evaluated?: EvaluatedEvent;
  /** The newest evaluation an operator asked for. */
  readonly OperatorEvaluated?: EvaluatedEvent;
  /** The newest automatic revocation (a CVE, a revoked platform of an index). */
  readonly Revoked?: RevokedEvent;
  /** The newest revocation by hand. */
  readonly ManualRevoked?: RevokedEvent;
  readonly Deleted?: DeletedEvent;
}
export type EventSlot = keyof LatestEvents;
/** Every slot, in a fixed order. */
export const EVENT_SLOTS: readonly EventSlot[] = [
  'Observed',
  'Evaluated',
  'OperatorEvaluated',
  'Revoked',
  'ManualRevoked',
  'Deleted',
];

/** The slot of `latestEvents` an event is kept in. */
export function slotOf(event: StateEvent): EventSlot {
  if (event.type === 'Evaluated') return event.operator === true ? 'OperatorEvaluated' : 'Evaluated';
  if (event.type === 'Revoked') return event.manual === true ? 'ManualRevoked' : 'Revoked';
  return event.type;
}
