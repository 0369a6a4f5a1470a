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
}

/** The digest was deleted from its repository. */
export interface DeletedEvent extends VerdictEventBase {
  readonly type: 'Deleted';
}

/** Everything that can happen to a verdict. */
export type VerdictEvent = ObservedEvent | EvaluatedEvent | RevokedEvent | DeletedEvent;
export type VerdictEventType = VerdictEvent['type'];

/** The newest event of each kind received so far (by event order, see event-order.ts). */
export type LatestEvents = {
  readonly [K in VerdictEventType]?: Extract<VerdictEvent, { readonly type: K }>;
};
