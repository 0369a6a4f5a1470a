import { evaluateScan } from '../../../../functions/core/policy/evaluate-scan';
import { hoursAgo, NOW, policy, scanOf, XZ } from './builders';

const STRICT = policy({ severityLimits: { CRITICAL: 0, HIGH: 0 } });

describe('evaluateScan on the source and age of the scan', () => {
  const trivy = scanOf([], {
    source: 'trivy',
    scanner: { uri: 'https://github.com/aquasecurity/trivy', version: '0.58.0' },
  });

  it('treats a CI Trivy report as no scan where the policy does not trust it', () => {
    const decision = evaluateScan(STRICT, { repository: 'team-a/api', scan: trivy, now: NOW });

    expect(decision.outcome).toBe('pending');
    expect(decision.reasons[0]).toMatchObject({ code: 'SCAN_UNTRUSTED', effect: 'pending' });
    expect(decision.reasons[0]?.message).toContain('(trustTrivyReportFor)');
  });

  it('judges a CI Trivy report where the policy trusts it', () => {
    const compiled = policy({ trustTrivyReportFor: ['team-a/*'] });

    expect(evaluateScan(compiled, { repository: 'team-a/api', scan: trivy, now: NOW }).outcome).toBe('pass');
  });

  it('keeps a stale scan passing during the grace, with a note naming when the grace ends', () => {
    const decision = evaluateScan(STRICT, {
      repository: 'a',
      scan: scanOf([], { completedAt: hoursAgo(169) }),
      now: NOW,
    });

    expect(decision.outcome).toBe('pass');
    expect(decision.reasons[0]).toMatchObject({ code: 'SCAN_STALE', effect: 'note' });
    expect(decision.reasons[0]?.message).toBe(
      "the scan completed at 2025-01-08T11:00:00.000Z, 169.0 hours ago, went stale at 2025-01-15T11:00:00.000Z (maxScanAgeHours 168); a rescan is requested and the verdict holds until 2025-01-18T11:00:00.000Z (staleGraceHours 72), then onStale 'warn' applies",
    );
  });

  it("after the grace, warns with onStale 'warn' and fails with onStale 'reject'", () => {
    const scan = scanOf([], { completedAt: hoursAgo(168 + 72) });
    const warned = evaluateScan(STRICT, { repository: 'a', scan, now: NOW });
    const rejected = evaluateScan(policy({ onStale: 'reject' }), { repository: 'a', scan, now: NOW });

    expect(warned.outcome).toBe('pass');
    expect(warned.reasons[0]?.message).toContain("onStale 'warn' keeps the verdict with this warning");
    expect(rejected.outcome).toBe('fail');
    expect(rejected.reasons[0]).toMatchObject({ code: 'SCAN_STALE', effect: 'fail' });
    expect(rejected.reasons[0]?.message).toContain(
      "which ended at 2025-01-15T12:00:00.000Z; onStale 'reject'",
    );
  });

  it('fails a stale scan past the grace, but still reports its findings', () => {
    const compiled = policy({
      severityLimits: { CRITICAL: 0, HIGH: 0 },
      onStale: 'reject',
      staleGraceHours: 0,
    });
    const decision = evaluateScan(compiled, {
      repository: 'a',
      scan: scanOf([XZ], { completedAt: hoursAgo(169) }),
      now: NOW,
    });

    expect(decision.outcome).toBe('fail');
    expect(decision.reasons.map((r) => r.code)).toEqual(['SCAN_STALE', 'SEVERITY_LIMIT']);
  });

  it('accepts a scan exactly as old as the limit', () => {
    const decision = evaluateScan(STRICT, {
      repository: 'a',
      scan: scanOf([], { completedAt: hoursAgo(168) }),
      now: NOW,
    });

    expect(decision.outcome).toBe('pass');
  });

  it("uses an override's freshness", () => {
    const compiled = policy({
      repositoryOverrides: [
        { pattern: 'fast/*', maxScanAgeHours: 12, staleGraceHours: 0, onStale: 'reject' },
      ],
    });
    const scan = scanOf([], { completedAt: hoursAgo(13) });

    expect(evaluateScan(compiled, { repository: 'fast/x', scan, now: NOW }).outcome).toBe('fail');
    expect(evaluateScan(compiled, { repository: 'slow/x', scan, now: NOW }).outcome).toBe('pass');
  });

  it('fails a scan that says it completed in the future, beyond clock skew', () => {
    const later = scanOf([], { completedAt: hoursAgo(-1) });
    const skewed = scanOf([], { completedAt: hoursAgo(-0.05) });

    expect(evaluateScan(STRICT, { repository: 'a', scan: later, now: NOW }).reasons[0]).toMatchObject({
      code: 'SCAN_INVALID',
      effect: 'fail',
    });
    expect(evaluateScan(STRICT, { repository: 'a', scan: skewed, now: NOW }).outcome).toBe('pass');
  });

  it('fails a scan whose completion time is not a time', () => {
    const decision = evaluateScan(STRICT, {
      repository: 'a',
      scan: scanOf([], { completedAt: 'soon' }),
      now: NOW,
    });

    expect(decision.reasons[0]).toEqual({
      code: 'SCAN_INVALID',
      effect: 'fail',
      message: "the scan's completion time 'soon' is not a valid time",
      cveIds: [],
    });
  });
});
