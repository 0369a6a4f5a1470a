import { compilePolicy } from '../../../../functions/core/policy/compile-policy';
import { PolicyValidationError } from '../../../../functions/core/policy/policy-error';
import { policy } from './builders';

describe('compilePolicy', () => {
  it('applies the defaults to every repository when there is no override', () => {
    const compiled = policy({ severityLimits: { CRITICAL: 0 } });

    const rules = compiled.rulesFor('team-a/api');

    expect(compiled.version).toBe('test-1');
    expect(rules).toMatchObject({
      source: 'defaults',
      requireScan: true,
      maxScanAgeHours: 168,
      severityLimits: { CRITICAL: 0 },
      exceptions: [],
    });
    expect(rules).not.toHaveProperty('maxScore');
  });

  it('uses the first override that matches', () => {
    const compiled = policy({
      repositoryOverrides: [
        { pattern: 'team-a/legacy-*', maxScanAgeHours: 720 },
        { pattern: 'team-a/**', maxScanAgeHours: 48 },
      ],
    });

    expect(compiled.rulesFor('team-a/legacy-billing')).toMatchObject({
      source: "repositoryOverrides[0] 'team-a/legacy-*'",
      maxScanAgeHours: 720,
    });
    expect(compiled.rulesFor('team-a/api')).toMatchObject({
      source: "repositoryOverrides[1] 'team-a/**'",
      maxScanAgeHours: 48,
    });
    expect(compiled.rulesFor('team-b/api')).toMatchObject({ source: 'defaults', maxScanAgeHours: 168 });
  });

  it('merges severity limits per severity, and null lifts a limit', () => {
    const compiled = policy({
      severityLimits: { CRITICAL: 0, HIGH: 0, MEDIUM: 10 },
      repositoryOverrides: [{ pattern: 'sandbox/*', severityLimits: { HIGH: 5, MEDIUM: null } }],
    });

    expect(compiled.rulesFor('sandbox/x').severityLimits).toEqual({ CRITICAL: 0, HIGH: 5 });
  });

  it('replaces scalars: requireScan, maxScanAgeHours, maxScore; maxScore null lifts the score limit', () => {
    const compiled = policy({
      maxScore: 7,
      repositoryOverrides: [
        { pattern: 'a/*', requireScan: false, maxScore: 9.5 },
        { pattern: 'b/*', maxScore: null },
        { pattern: 'c/*' },
      ],
    });

    expect(compiled.rulesFor('a/x')).toMatchObject({ requireScan: false, maxScore: 9.5 });
    expect(compiled.rulesFor('b/x')).not.toHaveProperty('maxScore');
    expect(compiled.rulesFor('c/x')).toMatchObject({ requireScan: true, maxScore: 7 });
  });

  it("adds an override's exceptions to the policy's, and says where each was written", () => {
    const compiled = policy({
      exceptions: [{ id: 'cve-2024-1', reason: 'everywhere', expires: '2030-01-01T00:00:00Z' }],
      repositoryOverrides: [
        {
          pattern: 'a/*',
          exceptions: [{ id: 'CVE-2024-2', reason: 'here only', expires: '2030-01-01T00:00:00+01:00' }],
        },
      ],
    });

    const [general, local] = compiled.rulesFor('a/x').exceptions;

    expect(general).toMatchObject({
      id: 'CVE-2024-1',
      origin: 'exceptions[0]',
      expiresAtMs: Date.parse('2030-01-01T00:00:00Z'),
    });
    expect(local).toMatchObject({
      id: 'CVE-2024-2',
      origin: 'repositoryOverrides[0].exceptions[0]',
      expiresAtMs: Date.parse('2029-12-31T23:00:00Z'),
    });
    expect(compiled.rulesFor('b/x').exceptions).toHaveLength(1);
  });

  it('limits an exception to the repositories it names', () => {
    const compiled = policy({
      exceptions: [
        {
          id: 'CVE-2024-1',
          reason: 'r',
          expires: '2030-01-01T00:00:00Z',
          repositories: ['team-a/**', 'tools/scanner'],
        },
      ],
    });
    const [exception] = compiled.rulesFor('any').exceptions;

    expect(
      ['team-a/api', 'team-a/x/y', 'tools/scanner', 'team-b/api', 'tools/other'].filter((r) =>
        exception?.appliesTo(r),
      ),
    ).toEqual(['team-a/api', 'team-a/x/y', 'tools/scanner']);
  });

  it('trusts CI Trivy reports only for the listed patterns', () => {
    const compiled = policy({ trustTrivyReportFor: ['ci-built/*'] });

    expect(compiled.trustsTrivyReportFor('ci-built/app')).toBe(true);
    expect(compiled.trustsTrivyReportFor('team-a/app')).toBe(false);
    expect(policy().trustsTrivyReportFor('ci-built/app')).toBe(false);
  });

  it('accepts JSON text', () => {
    expect(compilePolicy('{"version":"json-1"}').version).toBe('json-1');
  });

  it('rejects an invalid document with every problem listed', () => {
    expect(() => compilePolicy({ version: 'v', maxScore: -1, trustTrivyReportFor: ['x//'] })).toThrow(
      PolicyValidationError,
    );
    expect(() => compilePolicy({ version: 'v', maxScore: -1, trustTrivyReportFor: ['x//'] })).toThrow(
      /\(2 problems\)/,
    );
  });

  it('keeps the validated document with its defaults', () => {
    expect(policy().document).toMatchObject({
      version: 'test-1',
      requireScan: true,
      trustTrivyReportFor: [],
    });
  });
});
