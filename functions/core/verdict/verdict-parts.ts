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

/**
 * The signer's seal over an allow decision: a signature, by the image-signing key, over the verdict's
 * canonical content (sealedContent). A lookup allows a VERIFIED item only when its seal verifies
 * against a key it trusts from its deployment (never from the table), so that a table write alone
 * cannot turn a digest VERIFIED. Denials need no seal: failing closed is always safe.
 */
export interface VerdictSeal {
  /** Which key sealed: the first 16 hex digits of SHA-256 over its DER SPKI (`shortFingerprint`). */
  readonly key: string;
  /** The item's revision (`version`) the seal was made for. */
  readonly revision: number;
  /** When the signer sealed (audit only: not part of the signed content). */
  readonly sealedAt: string;
  /** Base64 DER ECDSA P-256 signature over SHA-256 of sealedContent(). */
  readonly signature: string;
}
