import type { OnStale } from './policy-schema';

/** Why a decision came out as it did; one reason per rule that matched. */
export type ReasonCode =
  /** More findings of a severity than the policy allows (exceptions removed). */
  | 'SEVERITY_LIMIT'
  /** A finding scores above `maxScore`. */
  | 'SCORE_LIMIT'
  /** No scan result (pending when the policy requires one, a note otherwise). */
  | 'SCAN_MISSING'
  /** The scan completed longer ago than `maxScanAgeHours`: a note in the grace and with `onStale: warn`. */
  | 'SCAN_STALE'
  /** The scan's completion time is not a time, or lies in the future. */
  | 'SCAN_INVALID'
  /** A CI-attached Trivy report for a repository not in `trustTrivyReportFor`: treated as no scan. */
  | 'SCAN_UNTRUSTED'
  /** Evidence about another image (a Trivy report of another manifest): ignored, as if there were none. */
  | 'SCAN_NOT_BOUND'
  /** ECR cannot scan the image (UNSUPPORTED_IMAGE): fails unless the policy lets it run unscanned. */
  | 'SCAN_UNSUPPORTED'
  /** An unscannable-image exemption lets the image run unscanned (names its reason, owner and expiry). */
  | 'SCAN_EXEMPT'
  /** An unscannable-image exemption would have applied but has expired. */
  | 'EXEMPTION_EXPIRED'
  /** An exception removed findings from counting. */
  | 'EXCEPTION_APPLIED'
  /** An exception would have applied but has expired: its findings count. */
  | 'EXCEPTION_EXPIRED'
  /** Everything within the limits: says what was counted against which limits. */
  | 'WITHIN_LIMITS';

/** What a reason does to the outcome: any `fail` fails; else any `pending` makes it pending. */
export type ReasonEffect = 'fail' | 'pending' | 'note';

export interface Reason {
  readonly code: ReasonCode;
  readonly effect: ReasonEffect;
  /** For a person, e.g. `CVE-2024-3094 (CRITICAL, score 10.0, xz-utils 5.6.0): 1 CRITICAL finding, limit 0`. */
  readonly message: string;
  /** The vulnerability ids involved, each once, in the order of the message. */
  readonly cveIds: readonly string[];
}

/** `pending`: no (trusted) scan yet while the policy requires one. */
export type PolicyOutcome = 'pass' | 'fail' | 'pending';

/** The result of evaluating one scan against a policy. */
export interface PolicyDecision {
  readonly outcome: PolicyOutcome;
  /** The `version` of the policy the decision was made under. */
  readonly policyVersion: string;
  readonly repository: string;
  /** Which rules applied: `defaults` or the override, e.g. `repositoryOverrides[0] 'team-a/*'`. */
  readonly rules: string;
  /** The `now` of the evaluation, ISO 8601. */
  readonly evaluatedAt: string;
  readonly reasons: readonly Reason[];
  /** How long a passing decision holds, for a pass judged on a scan (decision-validity.ts). */
  readonly validity?: DecisionValidity;
}

/** What expires at `validUntil`, named for the person the denial reaches. */
export interface Expiring {
  /** `EXCEPTION_EXPIRED` (an exception the pass relies on) or `SCAN_STALE` (grace ended, onStale reject). */
  readonly code: 'EXCEPTION_EXPIRED' | 'SCAN_STALE';
  readonly message: string;
  readonly cveIds: readonly string[];
}

/**
 * How long a passing decision on a scan holds. `validUntil` is the first instant at which the same scan
 * no longer passes: the end of the stale grace when `onStale` is `reject`, or the expiry of an exception
 * the pass relies on (one whose findings would break a limit), whichever comes first. Absent when
 * nothing in the decision expires (`onStale: warn`, no exception needed).
 */
export interface DecisionValidity {
  /** The scan's completion + `maxScanAgeHours`: from then on a rescan is due. */
  readonly staleAt: string;
  /** `staleAt` + `staleGraceHours`: when `onStale` applies. */
  readonly graceEndsAt: string;
  readonly onStale: OnStale;
  readonly validUntil?: string;
  readonly expiring?: Expiring;
  /**
   * When the reconciler should next look at the verdict: `staleAt` (or `validUntil` if earlier);
   * once stale, every RESCAN_RETRY_HOURS (decision-validity.ts), never after `validUntil`.
   */
  readonly reviewAt: string;
}
