/** Severity levels, most severe first, as ECR names them. */
export const SEVERITIES = ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW', 'INFORMATIONAL', 'UNDEFINED'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** One vulnerability found in an image, from whichever scanner. */
export interface Finding {
  /** CVE or advisory id, e.g. CVE-2024-3094. */
  readonly id: string;
  readonly severity: Severity;
  /** CVSS or Inspector score, 0-10, when the scanner gives one. */
  readonly score?: number;
  /** The vulnerable package; an Inspector finding on several packages lists them joined by ', '. */
  readonly packageName?: string;
  /** The installed version(s), in the order of `packageName`. */
  readonly packageVersion?: string;
  readonly fixAvailable?: boolean;
  /** The version that fixes it, when the scanner names one. */
  readonly fixedVersion?: string;
}

export type ScanSource = 'ecr-basic' | 'inspector' | 'trivy';

/** A finished vulnerability scan of one image digest, reduced to what policy and attestation need. */
export interface ScanSummary {
  readonly source: ScanSource;
  readonly scanner: { readonly uri: string; readonly version: string; readonly dbVersion?: string };
  readonly startedAt?: string;
  readonly completedAt: string;
  /** The report said nothing of when it was made (a Trivy report without CreatedAt): it counts as stale. */
  readonly undated?: true;
  readonly severityCounts: Readonly<Partial<Record<Severity, number>>>;
  readonly findings: readonly Finding[];
}
