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
