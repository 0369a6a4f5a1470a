import type { Severity } from '../scan/scan-summary';
import type { OnStale, PolicyDocument } from './policy-schema';

/** An exception, ready to match findings. */
export interface CompiledException {
  /** Upper case; findings are matched ignoring case. */
  readonly id: string;
  readonly reason: string;
  /** As written in the policy. */
  readonly expires: string;
  /** `expires` in milliseconds since the epoch. */
  readonly expiresAtMs: number;
  /** Where it was written: `exceptions[0]` or `repositoryOverrides[1].exceptions[0]`. */
  readonly origin: string;
  /** Whether it covers the repository (every repository when the exception names none). */
  appliesTo(repository: string): boolean;
}

/** The rules for one repository: the defaults, with the first matching override merged over them. */
export interface RuleSet {
  /** `defaults`, or the override that matched: `repositoryOverrides[0] 'team-a/*'`. */
  readonly source: string;
  readonly requireScan: boolean;
  readonly maxScanAgeHours: number;
  /** How long a verdict stays VERIFIED after its scan went stale, while a rescan is awaited. */
  readonly staleGraceHours: number;
  /** What applies when the grace ends without a fresh scan. */
  readonly onStale: OnStale;
  /** Max findings per severity; a severity not present is unlimited. */
  readonly severityLimits: Readonly<Partial<Record<Severity, number>>>;
  readonly maxScore?: number;
  /** The policy's exceptions, then the override's. */
  readonly exceptions: readonly CompiledException[];
}

/** A validated policy, compiled once and evaluated many times (see evaluateScan). */
export interface CompiledPolicy {
  readonly version: string;
  /** The validated document, defaults applied. */
  readonly document: PolicyDocument;
  /** The rules that apply to a repository name. */
  rulesFor(repository: string): RuleSet;
  /** Whether a CI-attached Trivy report is accepted as the scan of images in this repository. */
  trustsTrivyReportFor(repository: string): boolean;
}
