import type { ScanSummary } from '../scan/scan-summary';
import { staleTimes } from './check-scan';
import type { RuleSet } from './compiled-policy';
import type { DecisionValidity, Expiring, PolicyOutcome, Reason } from './policy-decision';

export type { DecisionValidity, Expiring } from './policy-decision';

/** While a scan is stale, how often the reconciler looks again (and retries a refused rescan). */
export const RESCAN_RETRY_HOURS = 6;
const HOUR_MS = 3_600_000;

/** Judges the same scan at another instant (the evaluation's own rules, pure). */
export type JudgeAt = (nowMs: number) => { outcome: PolicyOutcome; reasons: readonly Reason[] };

/**
 * The validity of a passing decision made at `nowMs`: tries each instant at which something expires
 * (each applicable exception's expiry, the end of the grace), earliest first, and stops at the first
 * at which the judgement no longer passes.
 */
export function decisionValidity(
  rules: RuleSet,
  repository: string,
  scan: ScanSummary,
  nowMs: number,
  judgeAt: JudgeAt,
): DecisionValidity {
  const times = staleTimes(scan.completedAt, rules);
  const candidates = [
    ...rules.exceptions
      .filter((e) => e.appliesTo(repository) && e.expiresAtMs > nowMs)
      .map((e) => e.expiresAtMs),
    ...(rules.onStale === 'reject' ? [Math.max(times.graceEndsAtMs, nowMs + 1)] : []),
  ].sort((a, b) => a - b);
  let validUntilMs: number | undefined;
  let expiring: Expiring | undefined;
  for (const at of new Set(candidates)) {
    const later = judgeAt(at);
    if (later.outcome === 'pass') continue;
    validUntilMs = at;
    expiring = expiringOf(later.reasons);
    break;
  }
  const nextLook = nowMs < times.staleAtMs ? times.staleAtMs : nowMs + RESCAN_RETRY_HOURS * HOUR_MS;
  const reviewAtMs = Math.min(nextLook, validUntilMs ?? Number.POSITIVE_INFINITY);
  return {
    staleAt: times.staleAt,
    graceEndsAt: times.graceEndsAt,
    onStale: rules.onStale,
    ...(validUntilMs === undefined ? {} : { validUntil: new Date(validUntilMs).toISOString() }),
    ...(expiring === undefined ? {} : { expiring }),
    reviewAt: new Date(reviewAtMs).toISOString(),
  };
}

/** Names what expired: the expired exceptions (with the limits they break), or the stale scan. */
function expiringOf(reasons: readonly Reason[]): Expiring {
  const expired = reasons.filter((r) => r.code === 'EXCEPTION_EXPIRED');
  const failing = reasons.filter((r) => r.effect === 'fail');
  if (expired.length > 0) {
    return {
      code: 'EXCEPTION_EXPIRED',
      message: [...expired, ...failing].map((r) => r.message).join('; '),
      cveIds: [...new Set(expired.flatMap((r) => r.cveIds))],
    };
  }
  return { code: 'SCAN_STALE', message: failing.map((r) => r.message).join('; '), cveIds: [] };
}
