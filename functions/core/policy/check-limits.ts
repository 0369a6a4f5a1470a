import { SEVERITIES, type Finding, type ScanSummary, type Severity } from '../scan/scan-summary';
import type { ExceptionResult } from './apply-exceptions';
import type { RuleSet } from './compiled-policy';
import { byRelevance, formatScore, listFindings, plural, uniqueIds } from './describe-finding';
import type { Reason } from './policy-decision';

/** The reasons a scan breaks the limits, and how many findings counted per severity. */
export interface LimitCheck {
  readonly reasons: readonly Reason[];
  readonly counts: Readonly<Partial<Record<Severity, number>>>;
}

/**
 * Counts the findings left after exceptions against `severityLimits` and `maxScore`. A severity's
 * count is the findings listed, or, when the scan declares more in `severityCounts` than it lists, the
 * declared count less the excepted ones: findings a scanner counted but did not list still count.
 */
export function checkLimits(scan: ScanSummary, split: ExceptionResult, rules: RuleSet): LimitCheck {
  const reasons: Reason[] = [];
  const counts: Partial<Record<Severity, number>> = {};
  for (const severity of SEVERITIES) {
    const listed = split.counted.filter((f) => f.severity === severity).sort(byRelevance);
    const excepted = split.excepted.filter((f) => f.severity === severity).length;
    const unlisted = Math.max(0, (scan.severityCounts[severity] ?? 0) - excepted - listed.length);
    const total = listed.length + unlisted;
    if (total > 0) counts[severity] = total;
    const limit = rules.severityLimits[severity];
    if (limit !== undefined && total > limit) {
      reasons.push(severityReason(severity, listed, unlisted, limit));
    }
  }
  if (rules.maxScore !== undefined) {
    const max = rules.maxScore;
    const over = split.counted.filter((f) => f.score !== undefined && f.score > max).sort(byRelevance);
    if (over.length > 0) {
      reasons.push({
        code: 'SCORE_LIMIT',
        effect: 'fail',
        message: `${listFindings(over)}: ${plural(over.length, 'finding')} above the score limit ${formatScore(max)}`,
        cveIds: uniqueIds(over),
      });
    }
  }
  return { reasons, counts };
}

function severityReason(
  severity: Severity,
  listed: readonly Finding[],
  unlisted: number,
  limit: number,
): Reason {
  const total = listed.length + unlisted;
  const prefix = listed.length > 0 ? `${listFindings(listed)}: ` : '';
  const hidden =
    unlisted === 0
      ? ''
      : listed.length === 0
        ? ' (not listed by the scanner)'
        : ` (${unlisted} not listed by the scanner)`;
  return {
    code: 'SEVERITY_LIMIT',
    effect: 'fail',
    message: `${prefix}${plural(total, `${severity} finding`)}${hidden}, limit ${limit}`,
    cveIds: uniqueIds(listed),
  };
}

/** `CRITICAL 0, HIGH 5, score 8.9`, or `(none)`. */
export function describeLimits(rules: RuleSet): string {
  const parts = SEVERITIES.flatMap((s) => {
    const limit = rules.severityLimits[s];
    return limit === undefined ? [] : [`${s} ${limit}`];
  });
  if (rules.maxScore !== undefined) parts.push(`score ${formatScore(rules.maxScore)}`);
  return parts.length === 0 ? '(none)' : parts.join(', ');
}
