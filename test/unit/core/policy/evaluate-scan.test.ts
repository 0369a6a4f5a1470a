import { InvalidInputError } from '../../../../functions/core/errors';
import { evaluateScan } from '../../../../functions/core/policy/evaluate-scan';
import type { Finding } from '../../../../functions/core/scan/scan-summary';
import { finding, NOW, policy, scanOf, XZ } from './builders';

const STRICT = policy({ severityLimits: { CRITICAL: 0, HIGH: 0 } });

describe('evaluateScan outcomes', () => {
  it('fails a critical finding over a limit of 0, explaining it in words', () => {
    // Act
    const decision = evaluateScan(STRICT, { repository: 'team-a/api', scan: scanOf([XZ]), now: NOW });

    // Assess
    expect(decision).toEqual({
      outcome: 'fail',
      policyVersion: 'test-1',
      repository: 'team-a/api',
      rules: 'defaults',
      evaluatedAt: '2025-01-15T12:00:00.000Z',
      reasons: [
        {
          code: 'SEVERITY_LIMIT',
          effect: 'fail',
          message: 'CVE-2024-3094 (CRITICAL, score 10.0, xz-utils 5.6.0): 1 CRITICAL finding, limit 0',
          cveIds: ['CVE-2024-3094'],
        },
      ],
    });
  });

  it('passes a scan within the limits and says what it counted', () => {
    const scan = scanOf([
      finding('CVE-2024-1', 'MEDIUM'),
      finding('CVE-2024-2', 'LOW'),
      finding('CVE-2024-3', 'LOW'),
    ]);

    const decision = evaluateScan(STRICT, { repository: 'team-a/api', scan, now: NOW });

    expect(decision.outcome).toBe('pass');
    expect(decision.reasons).toEqual([
      {
        code: 'WITHIN_LIMITS',
        effect: 'note',
        message:
          '3 findings (1 MEDIUM, 2 LOW): within the limits CRITICAL 0, HIGH 0 (policy "test-1", defaults)',
        cveIds: [],
      },
    ]);
  });

  it('passes a clean scan under a policy with no limits', () => {
    const decision = evaluateScan(policy(), { repository: 'a', scan: scanOf([]), now: NOW });

    expect(decision.outcome).toBe('pass');
    expect(decision.reasons[0]?.message).toBe(
      'no findings: within the limits (none) (policy "test-1", defaults)',
    );
  });

  it('is pending when a required scan is missing', () => {
    const decision = evaluateScan(STRICT, { repository: 'team-a/api', scan: undefined, now: NOW });

    expect(decision.outcome).toBe('pending');
    expect(decision.reasons).toEqual([
      {
        code: 'SCAN_MISSING',
        effect: 'pending',
        message: "no scan result for 'team-a/api' yet; the policy requires one",
        cveIds: [],
      },
    ]);
  });

  it('passes without a scan where the policy does not require one, noting it', () => {
    const compiled = policy({ repositoryOverrides: [{ pattern: 'sandbox/**', requireScan: false }] });

    const decision = evaluateScan(compiled, { repository: 'sandbox/tool', scan: undefined, now: NOW });

    expect(decision).toMatchObject({ outcome: 'pass', rules: "repositoryOverrides[0] 'sandbox/**'" });
    expect(decision.reasons[0]).toMatchObject({ code: 'SCAN_MISSING', effect: 'note' });
  });

  it('lists failing reasons first, then notes', () => {
    const compiled = policy({
      severityLimits: { HIGH: 0 },
      exceptions: [{ id: 'CVE-2024-1', reason: 'r', expires: '2030-01-01T00:00:00Z' }],
    });
    const scan = scanOf([finding('CVE-2024-1', 'HIGH'), finding('CVE-2024-2', 'HIGH')]);

    const decision = evaluateScan(compiled, { repository: 'a', scan, now: NOW });

    expect(decision.reasons.map((r) => r.code)).toEqual(['SEVERITY_LIMIT', 'EXCEPTION_APPLIED']);
  });
});

describe('evaluateScan on limits', () => {
  it('fails findings scored above maxScore and ignores findings without a score', () => {
    const compiled = policy({ maxScore: 8.9 });
    const scan = scanOf([
      finding('CVE-2021-44228', 'CRITICAL', {
        score: 10,
        packageName: 'log4j-core',
        packageVersion: '2.14.1',
      }),
      finding('CVE-2024-2', 'HIGH', { score: 8.9 }),
      finding('CVE-2024-3', 'CRITICAL'),
    ]);

    const decision = evaluateScan(compiled, { repository: 'a', scan, now: NOW });

    expect(decision.reasons).toEqual([
      {
        code: 'SCORE_LIMIT',
        effect: 'fail',
        message:
          'CVE-2021-44228 (CRITICAL, score 10.0, log4j-core 2.14.1): 1 finding above the score limit 8.9',
        cveIds: ['CVE-2021-44228'],
      },
    ]);
  });

  it('allows up to the limit and fails one more', () => {
    const compiled = policy({ severityLimits: { HIGH: 2 } });
    const highs = (n: number): Finding[] =>
      Array.from({ length: n }, (_, i) => finding(`CVE-2024-${i + 1}`, 'HIGH'));

    expect(evaluateScan(compiled, { repository: 'a', scan: scanOf(highs(2)), now: NOW }).outcome).toBe(
      'pass',
    );
    expect(evaluateScan(compiled, { repository: 'a', scan: scanOf(highs(3)), now: NOW }).outcome).toBe(
      'fail',
    );
  });

  it('lists five findings, the highest scores first, then how many more; cveIds has them all', () => {
    const findings = Array.from({ length: 8 }, (_, i) =>
      finding(`CVE-2024-${i + 1}`, 'HIGH', { score: 7 + i / 10 }),
    );

    const decision = evaluateScan(STRICT, { repository: 'a', scan: scanOf(findings), now: NOW });

    expect(decision.reasons[0]?.message).toBe(
      'CVE-2024-8 (HIGH, score 7.7), CVE-2024-7 (HIGH, score 7.6), CVE-2024-6 (HIGH, score 7.5), CVE-2024-5 (HIGH, score 7.4), ' +
        'CVE-2024-4 (HIGH, score 7.3) and 3 more: 8 HIGH findings, limit 0',
    );
    expect(decision.reasons[0]?.cveIds).toHaveLength(8);
  });

  it('counts findings the scanner declared but did not list', () => {
    const scan = scanOf([XZ], { severityCounts: { CRITICAL: 3 } });

    const decision = evaluateScan(STRICT, { repository: 'a', scan, now: NOW });

    expect(decision.reasons[0]?.message).toBe(
      'CVE-2024-3094 (CRITICAL, score 10.0, xz-utils 5.6.0): 3 CRITICAL findings (2 not listed by the scanner), limit 0',
    );
  });

  it('fails on declared counts alone when the scan lists no findings', () => {
    const scan = scanOf([], { severityCounts: { HIGH: 1 } });

    expect(evaluateScan(STRICT, { repository: 'a', scan, now: NOW }).reasons[0]?.message).toBe(
      '1 HIGH finding (not listed by the scanner), limit 0',
    );
  });

  it('leaves severities without a limit unlimited', () => {
    const scan = scanOf(Array.from({ length: 50 }, (_, i) => finding(`CVE-2024-${i}`, 'MEDIUM')));

    expect(evaluateScan(STRICT, { repository: 'a', scan, now: NOW }).outcome).toBe('pass');
  });
});

describe('evaluateScan inputs', () => {
  it('reduces a repository ARN to the name', () => {
    const decision = evaluateScan(STRICT, {
      repository: 'arn:aws:ecr:us-east-1:123456789012:repository/team-a/api',
      scan: scanOf([]),
      now: NOW,
    });

    expect(decision.repository).toBe('team-a/api');
  });

  it('rejects an invalid repository name and an invalid time', () => {
    expect(() => evaluateScan(STRICT, { repository: 'Team/API', scan: undefined, now: NOW })).toThrow(
      InvalidInputError,
    );
    expect(() => evaluateScan(STRICT, { repository: 'a', scan: undefined, now: new Date('x') })).toThrow(
      /now is not a valid Date/,
    );
  });

  it('is deterministic and leaves its input untouched', () => {
    const scan = Object.freeze(scanOf([XZ, finding('CVE-2024-2', 'HIGH')]));

    const first = evaluateScan(STRICT, { repository: 'a', scan, now: NOW });
    const second = evaluateScan(STRICT, { repository: 'a', scan, now: NOW });

    expect(second).toEqual(first);
    expect(scan.findings).toEqual([XZ, finding('CVE-2024-2', 'HIGH')]);
  });
});
