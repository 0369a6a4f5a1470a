import type { DecisionValidity } from '../policy/decision-validity';
import type { Reason } from '../policy/policy-decision';
import type { ScanSummary } from '../scan/scan-summary';
import type { VerdictReason, VerdictScan, VerdictValidity } from '../verdict/verdict';

/** Policy reasons as a verdict records them. */
export const verdictReasons = (reasons: readonly Reason[]): VerdictReason[] =>
  reasons.map(({ code, message, cveIds }) => (cveIds.length ? { code, message, cveIds } : { code, message }));

export const verdictScan = (scan: ScanSummary | undefined): VerdictScan | undefined =>
  scan && { source: scan.source, completedAt: scan.completedAt, severityCounts: scan.severityCounts };

/** The later of two ISO instants. */
export const laterOf = (a: string, b: string | undefined): string =>
  b !== undefined && Date.parse(b) > Date.parse(a) ? b : a;

/** A decision's validity as a verdict records it (absent when the decision has none). */
export const verdictValidity = (validity: DecisionValidity | undefined): VerdictValidity | undefined => {
  if (validity === undefined) return undefined;
  const { expiring, ...times } = validity;
  if (expiring === undefined) return times;
  const { code, message, cveIds } = expiring;
  return { ...times, expiring: cveIds.length ? { code, message, cveIds } : { code, message } };
};
