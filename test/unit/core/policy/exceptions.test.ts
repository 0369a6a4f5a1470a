import { evaluateScan } from '../../../../functions/core/policy/evaluate-scan';
import { finding, NOW, policy, scanOf, XZ } from './builders';

const FUTURE = '2025-03-01T00:00:00Z';
const PAST = '2025-01-01T00:00:00Z';

describe('exceptions in evaluateScan', () => {
  it('removes the excepted finding from counting and says why', () => {
    const compiled = policy({
      severityLimits: { CRITICAL: 0 },
      exceptions: [{ id: 'CVE-2024-3094', reason: 'xz not used at run time', expires: FUTURE }],
    });

    const decision = evaluateScan(compiled, { repository: 'team-a/api', scan: scanOf([XZ]), now: NOW });

    expect(decision.outcome).toBe('pass');
    expect(decision.reasons).toEqual([
      {
        code: 'EXCEPTION_APPLIED',
        effect: 'note',
        message:
          'CVE-2024-3094 (CRITICAL, score 10.0, xz-utils 5.6.0): 1 finding excepted until 2025-03-01T00:00:00Z by exceptions[0], because "xz not used at run time"',
        cveIds: ['CVE-2024-3094'],
      },
      {
        code: 'WITHIN_LIMITS',
        effect: 'note',
        message: 'no findings and 1 excepted: within the limits CRITICAL 0 (policy "test-1", defaults)',
        cveIds: [],
      },
    ]);
  });

  it('does not apply an expired exception, and reports it', () => {
    const compiled = policy({
      severityLimits: { CRITICAL: 0 },
      exceptions: [{ id: 'CVE-2024-3094', reason: 'r', expires: PAST }],
    });

    const decision = evaluateScan(compiled, { repository: 'a', scan: scanOf([XZ]), now: NOW });

    expect(decision.outcome).toBe('fail');
    expect(decision.reasons.map((r) => r.code)).toEqual(['SEVERITY_LIMIT', 'EXCEPTION_EXPIRED']);
    expect(decision.reasons[1]?.message).toBe(
      'CVE-2024-3094 (CRITICAL, score 10.0, xz-utils 5.6.0): the exception exceptions[0] expired at 2025-01-01T00:00:00Z, so this finding counts again',
    );
  });

  it('treats an exception as expired from its expiry instant on', () => {
    const compiled = policy({
      severityLimits: { CRITICAL: 0 },
      exceptions: [{ id: 'CVE-2024-3094', reason: 'r', expires: NOW.toISOString() }],
    });

    expect(evaluateScan(compiled, { repository: 'a', scan: scanOf([XZ]), now: NOW }).outcome).toBe('fail');
    expect(
      evaluateScan(compiled, { repository: 'a', scan: scanOf([XZ]), now: new Date(NOW.getTime() - 1) })
        .outcome,
    ).toBe('pass');
  });

  it('uses a valid exception when an expired one for the same id exists, without reporting the expired one', () => {
    const compiled = policy({
      severityLimits: { CRITICAL: 0 },
      exceptions: [
        { id: 'CVE-2024-3094', reason: 'old', expires: PAST },
        { id: 'CVE-2024-3094', reason: 'renewed', expires: FUTURE },
      ],
    });

    const decision = evaluateScan(compiled, { repository: 'a', scan: scanOf([XZ]), now: NOW });

    expect(decision.outcome).toBe('pass');
    expect(decision.reasons.map((r) => r.code)).toEqual(['EXCEPTION_APPLIED', 'WITHIN_LIMITS']);
    expect(decision.reasons[0]?.message).toContain('by exceptions[1], because "renewed"');
  });

  it('matches ids ignoring case', () => {
    const compiled = policy({
      severityLimits: { HIGH: 0 },
      exceptions: [{ id: 'ghsa-jfh8-c2jp-5v3q', reason: 'r', expires: FUTURE }],
    });

    const decision = evaluateScan(compiled, {
      repository: 'a',
      scan: scanOf([finding('GHSA-JFH8-C2JP-5V3Q', 'HIGH')]),
      now: NOW,
    });

    expect(decision.outcome).toBe('pass');
  });

  it('applies an exception only in the repositories it names', () => {
    const compiled = policy({
      severityLimits: { CRITICAL: 0 },
      exceptions: [{ id: 'CVE-2024-3094', reason: 'r', expires: FUTURE, repositories: ['team-a/**'] }],
    });

    expect(evaluateScan(compiled, { repository: 'team-a/x/y', scan: scanOf([XZ]), now: NOW }).outcome).toBe(
      'pass',
    );
    const elsewhere = evaluateScan(compiled, { repository: 'team-b/api', scan: scanOf([XZ]), now: NOW });
    expect(elsewhere.outcome).toBe('fail');
    expect(elsewhere.reasons.map((r) => r.code)).toEqual(['SEVERITY_LIMIT']);
  });

  it("applies an override's exceptions only to that override's repositories", () => {
    const compiled = policy({
      severityLimits: { CRITICAL: 0 },
      repositoryOverrides: [
        { pattern: 'legacy/*', exceptions: [{ id: 'CVE-2024-3094', reason: 'r', expires: FUTURE }] },
      ],
    });

    expect(evaluateScan(compiled, { repository: 'legacy/app', scan: scanOf([XZ]), now: NOW }).outcome).toBe(
      'pass',
    );
    expect(evaluateScan(compiled, { repository: 'modern/app', scan: scanOf([XZ]), now: NOW }).outcome).toBe(
      'fail',
    );
  });

  it('removes excepted findings from the score check too', () => {
    const compiled = policy({
      maxScore: 9,
      exceptions: [{ id: 'CVE-2024-3094', reason: 'r', expires: FUTURE }],
    });

    expect(evaluateScan(compiled, { repository: 'a', scan: scanOf([XZ]), now: NOW }).outcome).toBe('pass');
  });

  it('does not let an exception hide findings the scanner declared but did not list', () => {
    const compiled = policy({
      severityLimits: { CRITICAL: 0 },
      exceptions: [{ id: 'CVE-2024-3094', reason: 'r', expires: FUTURE }],
    });
    const scan = scanOf([XZ], { severityCounts: { CRITICAL: 2 } });

    const decision = evaluateScan(compiled, { repository: 'a', scan, now: NOW });

    expect(decision.outcome).toBe('fail');
    expect(decision.reasons[0]?.message).toBe('1 CRITICAL finding (not listed by the scanner), limit 0');
  });

  it('groups the findings one exception covers into one reason', () => {
    const compiled = policy({
      exceptions: [{ id: 'CVE-2019-14697', reason: 'static binary', expires: FUTURE }],
    });
    const scan = scanOf([
      finding('CVE-2019-14697', 'CRITICAL', { packageName: 'musl', packageVersion: '1.1.20-r4' }),
      finding('CVE-2019-14697', 'CRITICAL', { packageName: 'musl-utils', packageVersion: '1.1.20-r4' }),
    ]);

    const decision = evaluateScan(compiled, { repository: 'a', scan, now: NOW });

    expect(decision.reasons[0]).toMatchObject({
      code: 'EXCEPTION_APPLIED',
      message: expect.stringMatching(
        /^CVE-2019-14697 \(CRITICAL, musl 1\.1\.20-r4\), CVE-2019-14697 \(CRITICAL, musl-utils 1\.1\.20-r4\): 2 findings excepted/,
      ) as string,
      cveIds: ['CVE-2019-14697'],
    });
  });
});
