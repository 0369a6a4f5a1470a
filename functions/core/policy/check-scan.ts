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
 * in the future). A stale scan fails, but its findings are still counted so that every reason shows.
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
  const ageHours = (nowMs - completedMs) / HOUR_MS;
  if (ageHours > rules.maxScanAgeHours) {
    const message =
      `the scan completed at ${scan.completedAt}, ${ageHours.toFixed(1)} hours ago; ` +
      `scans older than ${rules.maxScanAgeHours} hours are stale: scan the image again`;
    return [reason('SCAN_STALE', 'fail', message)];
  }
  return [];
}

function reason(code: Reason['code'], effect: Reason['effect'], message: string): Reason {
  return { code, effect, message, cveIds: [] };
}
