import { InvalidInputError } from '../../../../functions/core/errors';
import { parsePolicy } from '../../../../functions/core/policy/parse-policy';
import { formatPolicyError, PolicyValidationError } from '../../../../functions/core/policy/policy-error';
import { policySchema } from '../../../../functions/core/policy/policy-schema';
import { zodMessages } from '../../../../functions/core/validation/zod-messages';

/** The example in policy-schema.ts. */
const EXAMPLE = {
  version: '2025-01-15',
  requireScan: true,
  maxScanAgeHours: 168,
  staleGraceHours: 72,
  onStale: 'warn',
  severityLimits: { CRITICAL: 0, HIGH: 0 },
  maxScore: 8.9,
  exceptions: [
    {
      id: 'CVE-2024-3094',
      reason: 'xz not used at run time',
      expires: '2025-03-01T00:00:00Z',
      repositories: ['team-a/**'],
    },
  ],
  repositoryOverrides: [{ pattern: 'sandbox/*', requireScan: false, severityLimits: { HIGH: null } }],
  trustTrivyReportFor: ['ci-built/*'],
  unscannableExemptions: [
    {
      repositories: ['tools/static-*'],
      reason: 'static Go binary, no OS packages',
      owner: 'team-tools',
      expires: '2025-06-01T00:00:00Z',
    },
  ],
};

function problemsOf(doc: unknown): readonly string[] {
  try {
    parsePolicy(doc);
  } catch (error) {
    if (error instanceof PolicyValidationError) return error.problems;
    throw error;
  }
  throw new Error('expected the document to be rejected');
}

describe('parsePolicy', () => {
  it('applies the defaults to a document that only names its version', () => {
    expect(parsePolicy({ version: 'v1' })).toEqual({
      version: 'v1',
      requireScan: true,
      maxScanAgeHours: 168,
      staleGraceHours: 72,
      onStale: 'warn',
      severityLimits: {},
      exceptions: [],
      repositoryOverrides: [],
      trustTrivyReportFor: [],
      unscannableExemptions: [],
    });
  });

  it('accepts the documented example unchanged', () => {
    expect(parsePolicy(EXAMPLE)).toEqual(EXAMPLE);
  });

  it('reads JSON text, and says so when the text is not JSON', () => {
    expect(parsePolicy(JSON.stringify(EXAMPLE))).toEqual(EXAMPLE);
    expect(() => parsePolicy('version: v1')).toThrow(/policy document is not valid JSON/);
  });

  it('trims the version and the reasons', () => {
    const doc = parsePolicy({
      version: ' v2 ',
      exceptions: [{ id: 'CVE-2024-1', reason: ' why ', expires: '2030-01-01T00:00:00Z' }],
    });

    expect(doc.version).toBe('v2');
    expect(doc.exceptions[0]?.reason).toBe('why');
  });

  it.each(['CVE-2024-3094', 'GHSA-jfh8-c2jp-5v3q', 'RHSA-2020:3915', 'ALAS2-2023-1234', 'GO-2022-0969'])(
    'accepts the advisory id %s in an exception',
    (id) => {
      expect(() =>
        parsePolicy({
          version: 'v',
          exceptions: [{ id, reason: 'r', expires: '2030-01-01T00:00:00+01:00' }],
        }),
      ).not.toThrow();
    },
  );
});

describe('parsePolicy problems', () => {
  it.each([
    [
      'no version',
      {},
      "version: is required: the policy version that every verdict names, e.g. '2025-01-15'",
    ],
    ['an empty version', { version: '  ' }, 'version: must not be empty'],
    ['a numeric version', { version: 3 }, 'version: must be a string, not the number 3'],
    ['a document that is a list', [], 'policy document: must be an object, not a list'],
    [
      'an unknown field',
      { version: 'v', severityLimit: {} },
      "policy document: has unknown field 'severityLimit'; allowed: version, requireScan, maxScanAgeHours, staleGraceHours, onStale, severityLimits, maxScore, exceptions, repositoryOverrides, trustTrivyReportFor",
    ],
    [
      'a misspelt severity',
      { version: 'v', severityLimits: { CRITCAL: 0 } },
      "severityLimits: has unknown field 'CRITCAL'; allowed: CRITICAL, HIGH, MEDIUM, LOW, INFORMATIONAL, UNDEFINED",
    ],
    [
      'a negative limit',
      { version: 'v', severityLimits: { HIGH: -1 } },
      'severityLimits.HIGH: must be 0 or more',
    ],
    [
      'a fractional limit',
      { version: 'v', severityLimits: { HIGH: 0.5 } },
      'severityLimits.HIGH: must be a whole number, not the number 0.5',
    ],
    [
      'a null limit outside an override',
      { version: 'v', severityLimits: { HIGH: null } },
      'severityLimits.HIGH: must be a number, not null',
    ],
    ['a score above 10', { version: 'v', maxScore: 11 }, 'maxScore: must be 10 or less'],
    ['a zero freshness', { version: 'v', maxScanAgeHours: 0 }, 'maxScanAgeHours: must be more than 0'],
    [
      'a string for requireScan',
      { version: 'v', requireScan: 'yes' },
      "requireScan: must be a boolean, not the string 'yes'",
    ],
    [
      'an exception without expiry',
      { version: 'v', exceptions: [{ id: 'CVE-2024-1', reason: 'r' }] },
      'exceptions[0].expires: is required: every exception expires',
    ],
    [
      'an expiry without time zone',
      { version: 'v', exceptions: [{ id: 'CVE-2024-1', reason: 'r', expires: '2030-01-01T00:00:00' }] },
      "exceptions[0].expires: must be an ISO 8601 date-time with a time zone, e.g. '2025-01-31T00:00:00Z', not '2030-01-01T00:00:00'",
    ],
    [
      'an exception without reason',
      { version: 'v', exceptions: [{ id: 'CVE-2024-1', reason: ' ', expires: '2030-01-01T00:00:00Z' }] },
      'exceptions[0].reason: must say why the finding is accepted',
    ],
    [
      'an exception with a bad id',
      { version: 'v', exceptions: [{ id: 'log4shell', reason: 'r', expires: '2030-01-01T00:00:00Z' }] },
      "exceptions[0].id: must be a vulnerability id such as 'CVE-2024-3094'",
    ],
    [
      'an exception with no repositories listed',
      {
        version: 'v',
        exceptions: [{ id: 'CVE-2024-1', reason: 'r', expires: '2030-01-01T00:00:00Z', repositories: [] }],
      },
      'exceptions[0].repositories: must have at least 1 item',
    ],
    [
      'a bad pattern in an exception',
      {
        version: 'v',
        exceptions: [
          { id: 'CVE-2024-1', reason: 'r', expires: '2030-01-01T00:00:00Z', repositories: ['team/(a)'] },
        ],
      },
      "exceptions[0].repositories[0]: repository pattern 'team/(a)' has '('",
    ],
    [
      'an unknown stale action',
      { version: 'v', onStale: 'revoke' },
      "onStale: must be 'warn' (keep VERIFIED, with a warning) or 'reject'",
    ],
    [
      'a negative grace',
      { version: 'v', repositoryOverrides: [{ pattern: 'a/*', staleGraceHours: -1 }] },
      'repositoryOverrides[0].staleGraceHours:',
    ],
    [
      'an override without pattern',
      { version: 'v', repositoryOverrides: [{ requireScan: false }] },
      'repositoryOverrides[0].pattern: is required (a string)',
    ],
    [
      'a version in an override',
      { version: 'v', repositoryOverrides: [{ pattern: 'a/*', version: 'w' }] },
      "repositoryOverrides[0]: has unknown field 'version'; allowed: pattern, requireScan, maxScanAgeHours, staleGraceHours, onStale, severityLimits, maxScore, exceptions",
    ],
    [
      'a repeated override pattern',
      { version: 'v', repositoryOverrides: [{ pattern: 'a/*' }, { pattern: 'a/*' }] },
      'repositoryOverrides[1].pattern: repeats the pattern of repositoryOverrides[0]; the first matching override wins, so this one would never apply',
    ],
    [
      'an upper-case trust pattern',
      { version: 'v', trustTrivyReportFor: ['CI/*'] },
      "trustTrivyReportFor[0]: repository pattern 'CI/*' has upper-case letters",
    ],
  ])('names the field and what it allows for %s', (_what, doc, problem) => {
    const problems = problemsOf(doc);

    expect(problems.filter((p) => p.startsWith(problem))).toHaveLength(1);
  });

  it('lists every problem at once', () => {
    const problems = problemsOf({ severityLimits: { HIGH: -1 }, maxScore: 'high', extra: 1 });

    expect(problems).toHaveLength(4);
  });

  it('throws a PolicyValidationError, which is an InvalidInputError with code INVALID_INPUT', () => {
    expect(() => parsePolicy({})).toThrow(PolicyValidationError);
    expect(() => parsePolicy({})).toThrow(InvalidInputError);
    expect(() => parsePolicy({})).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }) as Error);
  });
});

describe('formatPolicyError', () => {
  it('says how many problems, then one per line', () => {
    const result = policySchema.safeParse(
      { version: 'v', severityLimits: { CRITCAL: 0 }, maxScore: 11 },
      { error: zodMessages },
    );
    if (result.success) throw new Error('expected failure');

    expect(formatPolicyError(result.error)).toBe(
      [
        'policy document is invalid (2 problems):',
        "  - severityLimits: has unknown field 'CRITCAL'; allowed: CRITICAL, HIGH, MEDIUM, LOW, INFORMATIONAL, UNDEFINED",
        '  - maxScore: must be 10 or less',
      ].join('\n'),
    );
  });

  it('lists at most ten problems and counts the rest', () => {
    const exceptions = Array.from({ length: 12 }, () => ({ id: 'CVE-2024-1', reason: 'r' }));

    const problems = problemsOf({ version: 'v', exceptions });

    expect(problems).toHaveLength(11);
    expect(problems[10]).toBe('and 2 more');
  });
});
