import { SEVERITIES, type Finding, type Severity } from './scan-summary';

/**
 * Other scanners' names for our levels: Inspector's UNTRIAGED and Trivy's UNKNOWN both mean that no
 * severity has been assigned yet, which ECR calls UNDEFINED.
 */
const ALIASES: Readonly<Record<string, Severity>> = {
  UNTRIAGED: 'UNDEFINED',
  UNKNOWN: 'UNDEFINED',
};

/** Whether `value` is one of SEVERITIES exactly. */
export function isSeverity(value: unknown): value is Severity {
  return typeof value === 'string' && (SEVERITIES as readonly string[]).includes(value);
}

/**
 * A scanner's severity name as one of ours, ignoring case; `UNTRIAGED` (Inspector) and `UNKNOWN`
 * (Trivy) become `UNDEFINED`. Undefined for a name no scanner uses.
 */
export function toSeverity(value: string): Severity | undefined {
  const upper = value.toUpperCase();
  return isSeverity(upper) ? upper : ALIASES[upper];
}

/** The severity names `toSeverity` accepts, for error messages. */
export const SEVERITY_NAMES: readonly string[] = [...SEVERITIES, ...Object.keys(ALIASES)];

/** Findings per severity; levels without findings are absent, as ECR sends them. */
export function countSeverities(findings: readonly Finding[]): Partial<Record<Severity, number>> {
  const counts: Partial<Record<Severity, number>> = {};
  for (const finding of findings) {
    counts[finding.severity] = (counts[finding.severity] ?? 0) + 1;
  }
  return counts;
}
