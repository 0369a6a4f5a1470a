import type { ScanSource, Severity } from '../scan/scan-summary';
import type { SignatureArtifact } from '../verdict/verdict';

/**
 * The four layers of image-security.md, in the order they are checked: only approved registries and
 * repositories, only immutable digest references, only images that passed the vulnerability policy,
 * only images signed by image-trust (and not revoked since).
 */
export const LAYERS = ['allowlist', 'digest', 'scan', 'signature'] as const;
export type Layer = (typeof LAYERS)[number];

/** One layer's result: `skipped` when an earlier layer already failed or the layer does not apply. */
export const CHECK_RESULTS = ['pass', 'fail', 'skipped'] as const;
export type CheckResult = (typeof CHECK_RESULTS)[number];

/**
 * The status of an answer: the verdict's status, or UNKNOWN when image-trust has none (never seen, or
 * the lookup failed). Only VERIFIED lets an image run.
 */
export const ANSWER_STATUSES = ['VERIFIED', 'REJECTED', 'PENDING', 'REVOKED', 'DELETED', 'UNKNOWN'] as const;
export type AnswerStatus = (typeof ANSWER_STATUSES)[number];

/** Why an answer is what it is, attributed to the layer that decided it. */
export interface AnswerReason {
  readonly layer: Layer;
  /** Stable and machine-readable: `NOT_ALLOWLISTED`, `DIGEST_REQUIRED`, `CRITICAL_FINDINGS`, ... */
  readonly code: string;
  readonly message: string;
  readonly cveIds?: readonly string[];
}

/** The scan the decision was based on. */
export interface ScanAnswer {
  readonly source: ScanSource;
  readonly completedAt: string;
  readonly severityCounts: Readonly<Partial<Record<Severity, number>>>;
}

/** The signing that went with a passing evaluation. */
export interface SignatureAnswer {
  readonly keyId: string;
  readonly signedAt: string;
  readonly signedDigests: readonly string[];
  readonly artifacts: readonly SignatureArtifact[];
}

/** When image-trust learnt and decided what it knows about the digest. */
export interface AnswerTimes {
  readonly firstSeenAt: string;
  readonly updatedAt: string;
  readonly lastEventAt: string;
  readonly decidedAt?: string;
}

/**
 * The answer to "may this digest run?": the four layers met in one answer. Built from a verdict by
 * naming each field (never by copying the stored item), so internal state such as `latestEvents`
 * cannot leak into an answer.
 */
export interface VerdictAnswer {
  /** The canonical reference (`registry/repository@sha256:...`), or the input when it did not parse. */
  readonly image: string;
  /** True only when every layer passed: the verdict is VERIFIED. */
  readonly allowed: boolean;
  readonly status: AnswerStatus;
  /**
   * False when asking again soon may give another answer (PENDING, UNKNOWN, a failed lookup):
   * such an answer must not be cached.
   */
  readonly final: boolean;
  readonly checks: Readonly<Record<Layer, CheckResult>>;
  /** The verdict's reasons and the lookup's own, each with its layer. */
  readonly reasons: readonly AnswerReason[];
  /** A VERIFIED verdict allows until this instant (then VERDICT_EXPIRED); absent when nothing expires. */
  readonly validUntil?: string;
  readonly policyVersion?: string;
  readonly scan?: ScanAnswer;
  readonly signature?: SignatureAnswer;
  /** Absent when no verdict was read. */
  readonly times?: AnswerTimes;
  /** When this answer was given. */
  readonly checkedAt: string;
}
