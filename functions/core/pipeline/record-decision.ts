import type { Reason } from '../policy/policy-decision';
import type { ScanSummary } from '../scan/scan-summary';
import type { SignImageResult } from '../signing/sign-image';
import type { VerdictReason, VerdictScan, VerdictSignature } from '../verdict/verdict';

/** Policy reasons as a verdict records them. */
export const verdictReasons = (reasons: readonly Reason[]): VerdictReason[] =>
  reasons.map(({ code, message, cveIds }) => (cveIds.length ? { code, message, cveIds } : { code, message }));

export const verdictScan = (scan: ScanSummary | undefined): VerdictScan | undefined =>
  scan && { source: scan.source, completedAt: scan.completedAt, severityCounts: scan.severityCounts };

export const verdictSignature = (signed: SignImageResult, at: Date): VerdictSignature => ({
  keyId: signed.keyId,
  signedDigests: signed.signedDigests,
  artifacts: signed.artifacts.map(({ kind, subjectDigest, location }) => ({ kind, subjectDigest, location })),
  signedAt: at.toISOString(),
});

/** The later of two ISO instants. */
export const laterOf = (a: string, b: string | undefined): string =>
  b !== undefined && Date.parse(b) > Date.parse(a) ? b : a;
