/** Findings, scans and policies for policy tests. */
import { compilePolicy } from '../../../../functions/core/policy/compile-policy';
import type { CompiledPolicy } from '../../../../functions/core/policy/compiled-policy';
import type { PolicyInput } from '../../../../functions/core/policy/policy-schema';
import type { Finding, ScanSummary } from '../../../../functions/core/scan/scan-summary';
import { countSeverities } from '../../../../functions/core/scan/severity';

export const NOW = new Date('2025-01-15T12:00:00Z');
export const HOUR_MS = 3_600_000;

/** An ISO time `hours` before NOW. */
export function hoursAgo(hours: number): string {
  return new Date(NOW.getTime() - hours * HOUR_MS).toISOString();
}

/** xz-utils' backdoor, the example of the brief. */
export const XZ: Finding = {
  id: 'CVE-2024-3094',
  severity: 'CRITICAL',
  score: 10,
  packageName: 'xz-utils',
  packageVersion: '5.6.0',
  fixAvailable: true,
};

export function finding(id: string, severity: Finding['severity'], extra: Partial<Finding> = {}): Finding {
  return { id, severity, ...extra };
}

/** A fresh ECR basic scan of the findings, counts computed from them. */
export function scanOf(findings: readonly Finding[], extra: Partial<ScanSummary> = {}): ScanSummary {
  return {
    source: 'ecr-basic',
    scanner: {
      uri: 'https://docs.aws.amazon.com/AmazonECR/latest/userguide/image-scanning-basic.html',
      version: 'unknown',
    },
    completedAt: hoursAgo(1),
    severityCounts: countSeverities(findings),
    findings,
    ...extra,
  };
}

/** A compiled policy: version `test-1` and the given fields. */
export function policy(fields: Omit<PolicyInput, 'version'> = {}): CompiledPolicy {
  return compilePolicy({ version: 'test-1', ...fields });
}
