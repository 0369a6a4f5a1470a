import { quote } from '../reference/quote';
import type { ScanSummary } from '../scan/scan-summary';
import type { CompiledPolicy, RuleSet } from './compiled-policy';
import type { Reason } from './policy-decision';

/** How far in the future a scan may say it completed (clock skew between machines). */
export const CLOCK_SKEW_MS = 5 * 60 * 1000;
const HOUR_MS = 3_600_000;

/** The scan to count findings of (none when missing or untrusted), and what was wrong with it. */
export interface ScanCheck {
  readonly scan?: ScanSummary;
  readonly reasons: readonly Reason[];
}

/**
 * Whether there is a scan the policy accepts: present (else pending, or a note when the policy does not
 * require one), from a trusted source (a CI-attached Trivy report only for `trustTrivyReportFor`;
 * otherwise treated as no scan) and fresh (completed at most `maxScanAgeHours` before `now`, and not
 * in the future). A stale scan is a note during `staleGraceHours`, then a note (`onStale: warn`) or a
 * failure (`onStale: reject`); its findings are still counted so that every reason shows.
 */
export function checkScan(
  policy: CompiledPolicy,
  rules: RuleSet,
  repository: string,
  scan: ScanSummary | undefined,
  nowMs: number,
): ScanCheck {
  const missingEffect = rules.requireScan ? 'pending' : 'note';
  if (scan === undefined) {
    const tail = rules.requireScan ? 'yet; the policy requires one' : '; the policy does not require one';
    return {
      reasons: [reason('SCAN_MISSING', missingEffect, `no scan result for ${quote(repository)} ${tail}`)],
    };
  }
  if (scan.source === 'trivy' && !policy.trustsTrivyReportFor(repository)) {
    const tail = rules.requireScan ? 'waiting for a registry scan' : 'the policy does not require a scan';
    const message =
      `the scan is a Trivy report attached in CI, which the policy does not accept for ${quote(repository)} ` +
      `(trustTrivyReportFor); ${tail}`;
    return { reasons: [reason('SCAN_UNTRUSTED', missingEffect, message)] };
  }
  return { scan, reasons: freshness(scan, rules, nowMs) };
}

function freshness(scan: ScanSummary, rules: RuleSet, nowMs: number): Reason[] {
  if (scan.undated) {
    const message = `the ${scan.source} report does not say when it was made (no CreatedAt): undated evidence counts as stale`;
    return [reason('SCAN_STALE', 'fail', message)];
  }
  const completedMs = Date.parse(scan.completedAt);
  if (!Number.isFinite(completedMs)) {
    return [
      reason(
        'SCAN_INVALID',
        'fail',
        `the scan's completion time ${quote(scan.completedAt)} is not a valid time`,
      ),
    ];
  }
  if (completedMs > nowMs + CLOCK_SKEW_MS) {
    const message = `the scan says it completed at ${scan.completedAt}, after the evaluation time ${new Date(nowMs).toISOString()}`;
    return [reason('SCAN_INVALID', 'fail', message)];
  }
  // Stale from `staleAt` on: the same instant at which the reconciler asks for a rescan and the lookup warns.
  if (nowMs < staleTimes(scan.completedAt, rules).staleAtMs) return [];
  return [staleReason(scan, rules, nowMs, (nowMs - completedMs) / HOUR_MS)];
}

/**
 * A stale scan does not reject at once: a rescan is requested (by the reconciler) and the verdict stays
 * VERIFIED for `staleGraceHours`; only then does `onStale` apply (`warn` keeps it, with this reason;
 * `reject` fails from the end of the grace on).
 */
function staleReason(scan: ScanSummary, rules: RuleSet, nowMs: number, ageHours: number): Reason {
  const times = staleTimes(scan.completedAt, rules);
  const stale =
    `the scan completed at ${scan.completedAt}, ${ageHours.toFixed(1)} hours ago, went stale at ` +
    `${times.staleAt} (maxScanAgeHours ${rules.maxScanAgeHours})`;
  if (nowMs < times.graceEndsAtMs) {
    const message = `${stale}; a rescan is requested and the verdict holds until ${times.graceEndsAt} (staleGraceHours ${rules.staleGraceHours}), then onStale '${rules.onStale}' applies`;
    return reason('SCAN_STALE', 'note', message);
  }
  const ended = `${stale}; no fresh scan arrived within the grace, which ended at ${times.graceEndsAt}`;
  return rules.onStale === 'warn'
    ? reason(
        'SCAN_STALE',
        'note',
        `${ended}; onStale 'warn' keeps the verdict with this warning: scan the image again`,
      )
    : reason('SCAN_STALE', 'fail', `${ended}; onStale 'reject': scan the image again`);
}

/** When a scan completed at `completedAt` goes stale, and when the grace after that ends. */
export function staleTimes(
  completedAt: string,
  rules: Pick<RuleSet, 'maxScanAgeHours' | 'staleGraceHours'>,
): { staleAt: string; staleAtMs: number; graceEndsAt: string; graceEndsAtMs: number } {
  const staleAtMs = Date.parse(completedAt) + rules.maxScanAgeHours * HOUR_MS;
  const graceEndsAtMs = staleAtMs + rules.staleGraceHours * HOUR_MS;
  return {
    staleAt: new Date(staleAtMs).toISOString(),
    staleAtMs,
    graceEndsAt: new Date(graceEndsAtMs).toISOString(),
    graceEndsAtMs,
  };
}

function reason(code: Reason['code'], effect: Reason['effect'], message: string): Reason {
  return { code, effect, message, cveIds: [] };
}
