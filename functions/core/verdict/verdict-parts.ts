import type { ScanSource, Severity } from '../scan/scan-summary';

/** What a signature or attestation written for an image is (legacy tag or bundle referrer). */
export type SignatureArtifactKind = 'signature' | 'signature-bundle' | 'attestation' | 'attestation-bundle';

/** Why a verdict is what it is, in words a person can act on. */
export interface VerdictReason {
  /** A stable machine-readable code, e.g. `CRITICAL_FINDINGS`, `CVE_PUBLISHED`, `MANUAL`. */
  readonly code: string;
  readonly message: string;
  readonly cveIds?: readonly string[];
}

/** The scan a policy decision was based on, reduced to what a lookup shows. */
export interface VerdictScan {
  readonly source: ScanSource;
  readonly completedAt: string;
  readonly severityCounts: Readonly<Partial<Record<Severity, number>>>;
}

/** One signature or attestation written for a verified image. */
export interface SignatureArtifact {
  readonly kind: SignatureArtifactKind;
  readonly subjectDigest: string;
  /** Tag (`sha256-HEX.sig`) or manifest digest of a bundle referrer. */
  readonly location: string;
}

/** The signing that went with a passing evaluation. */
export interface VerdictSignature {
  readonly keyId: string;
  /** The image digest and, for an index, every platform manifest digest. */
  readonly signedDigests: readonly string[];
  readonly artifacts: readonly SignatureArtifact[];
  readonly signedAt: string;
}

/**
 * How long a passing evaluation holds (the policy decision's validity): when its scan goes stale, when
 * the stale grace ends, and the instant from which it no longer allows (`validUntil`), with what expires.
 */
export interface VerdictValidity {
  /** The scan's completion + maxScanAgeHours: from then on the reconciler requests a rescan. */
  readonly staleAt: string;
  /** staleAt + staleGraceHours: when `onStale` applies. */
  readonly graceEndsAt: string;
  readonly onStale: 'warn' | 'reject';
  /** From this instant on the verdict no longer allows: lookups deny (VERDICT_EXPIRED). */
  readonly validUntil?: string;
  /** What expires at `validUntil`: an exception the pass relies on, or the stale grace. */
  readonly expiring?: VerdictReason;
  /** When the reconciler next looks at the verdict (the `byReview` index key). */
  readonly reviewAt: string;
}
