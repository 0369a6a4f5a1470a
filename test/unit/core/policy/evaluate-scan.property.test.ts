import fc from 'fast-check';
import { InvalidInputError } from '../../../../functions/core/errors';
import { compilePolicy } from '../../../../functions/core/policy/compile-policy';
import { evaluateScan } from '../../../../functions/core/policy/evaluate-scan';
import type { PolicyInput } from '../../../../functions/core/policy/policy-schema';
import { SEVERITIES, type Finding, type Severity } from '../../../../functions/core/scan/scan-summary';
import { countSeverities } from '../../../../functions/core/scan/severity';
import { HOUR_MS, NOW, scanOf } from './builders';

const IDS = ['CVE-2024-0001', 'CVE-2024-0002', 'CVE-2024-0003', 'GHSA-abcd-efgh-ijkl', 'CVE-2024-0005'];
const PAST = '2025-01-10T00:00:00Z';
const FUTURE = '2025-02-01T00:00:00Z';
const REPOSITORIES = ['a/x', 'a/x/y', 'b', 'b/y', 'c'];

/** Which repositories each pattern used below matches, written out by hand. */
const MATCHES: Readonly<Record<string, (repository: string) => boolean>> = {
  'a/*': (r) => r.startsWith('a/') && r.split('/').length === 2,
  'b/**': (r) => r === 'b' || r.startsWith('b/'),
  c: (r) => r === 'c',
};

const findingArb: fc.Arbitrary<Finding> = fc.record(
  {
    id: fc.constantFrom(...IDS),
    severity: fc.constantFrom(...SEVERITIES),
    score: fc.double({ min: 0, max: 10, noNaN: true }),
    packageName: fc.constantFrom('openssl', 'zlib'),
  },
  { requiredKeys: ['id', 'severity'] },
);

const exceptionArb = fc.record(
  {
    id: fc.constantFrom(...IDS).chain((id) => fc.constantFrom(id, id.toLowerCase())),
    reason: fc.constant('accepted risk'),
    expires: fc.constantFrom(PAST, FUTURE, NOW.toISOString()),
    repositories: fc.subarray(Object.keys(MATCHES), { minLength: 1 }),
  },
  { requiredKeys: ['id', 'reason', 'expires'] },
);

const limitsArb = fc.record(
  Object.fromEntries(SEVERITIES.map((s) => [s, fc.integer({ min: 0, max: 3 })])) as Record<
    Severity,
    fc.Arbitrary<number>
  >,
  { requiredKeys: [] },
);

const policyArb: fc.Arbitrary<PolicyInput> = fc.record(
  {
    version: fc.constant('prop-1'),
    severityLimits: limitsArb,
    maxScore: fc.double({ min: 0, max: 10, noNaN: true }),
    exceptions: fc.array(exceptionArb, { maxLength: 4 }),
  },
  { requiredKeys: ['version'] },
);

/** A fresh scan; sometimes the scanner declares more findings than it lists. */
const scanArb = fc
  .tuple(
    fc.array(findingArb, { maxLength: 12 }),
    fc.integer({ min: 0, max: 160 }),
    fc.option(fc.constantFrom(...SEVERITIES), { nil: undefined }),
  )
  .map(([findings, ageHours, extra]) => {
    const counts: Partial<Record<Severity, number>> = countSeverities(findings);
    if (extra !== undefined) counts[extra] = (counts[extra] ?? 0) + 1;
    return scanOf(findings, {
      completedAt: new Date(NOW.getTime() - ageHours * HOUR_MS).toISOString(),
      severityCounts: counts,
    });
  });

/** Whether a policy-level exception removes the finding, decided without the code under test. */
function excepted(doc: PolicyInput, f: Finding, repository: string): boolean {
  return (doc.exceptions ?? []).some(
    (e) =>
      e.id.toUpperCase() === f.id.toUpperCase() &&
      Date.parse(e.expires) > NOW.getTime() &&
      (e.repositories === undefined || e.repositories.some((p) => MATCHES[p]?.(repository) === true)),
  );
}

describe('evaluateScan properties', () => {
  it('never passes more findings of a limited severity than the limit, once exceptions are removed', () => {
    fc.assert(
      fc.property(policyArb, scanArb, fc.constantFrom(...REPOSITORIES), (doc, scan, repository) => {
        const decision = evaluateScan(compilePolicy(doc), { repository, scan, now: NOW });

        for (const severity of SEVERITIES) {
          const limit = doc.severityLimits?.[severity];
          const counted = scan.findings.filter(
            (f) => f.severity === severity && !excepted(doc, f, repository),
          ).length;
          if (limit !== undefined && limit !== null && counted > limit) {
            expect(decision.outcome).toBe('fail');
          }
        }
      }),
    );
  });

  it('never turns a decision into fail by adding an unexpired exception for one of its findings', () => {
    fc.assert(
      fc.property(
        policyArb,
        scanArb.filter((s) => s.findings.length > 0),
        fc.nat(),
        fc.constantFrom(...REPOSITORIES),
        (doc, scan, pick, repository) => {
          const target = scan.findings[pick % scan.findings.length] as Finding;
          const widened: PolicyInput = {
            ...doc,
            exceptions: [...(doc.exceptions ?? []), { id: target.id, reason: 'added', expires: FUTURE }],
          };

          const before = evaluateScan(compilePolicy(doc), { repository, scan, now: NOW });
          const after = evaluateScan(compilePolicy(widened), { repository, scan, now: NOW });

          if (before.outcome === 'pass') expect(after.outcome).toBe('pass');
          if (before.outcome !== 'fail') expect(after.outcome).not.toBe('fail');
        },
      ),
    );
  });

  it('gives an outcome that follows from its reasons, the same every time', () => {
    fc.assert(
      fc.property(
        policyArb,
        fc.option(scanArb, { nil: undefined }),
        fc.constantFrom(...REPOSITORIES),
        (doc, scan, repository) => {
          const compiled = compilePolicy(doc);
          const decision = evaluateScan(compiled, { repository, scan, now: NOW });

          const effects = decision.reasons.map((r) => r.effect);
          const expected = effects.includes('fail')
            ? 'fail'
            : effects.includes('pending')
              ? 'pending'
              : 'pass';
          expect(decision.outcome).toBe(expected);
          expect(evaluateScan(compiled, { repository, scan, now: NOW })).toEqual(decision);
          expect(decision.reasons.every((r) => r.message.length > 0)).toBe(true);
        },
      ),
    );
  });
});

describe('compilePolicy properties', () => {
  const isRejection = (error: unknown): boolean =>
    error instanceof InvalidInputError && error.message.length > 0;

  it('answers any JSON value with a policy or an InvalidInputError, never a crash', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (doc) => {
        try {
          compilePolicy(doc);
        } catch (error) {
          expect(isRejection(error)).toBe(true);
        }
      }),
    );
  });

  it('answers any value at all (including non-JSON) the same way', () => {
    fc.assert(
      fc.property(
        fc.anything({
          withBigInt: true,
          withDate: true,
          withMap: true,
          withNullPrototype: true,
          withSparseArray: true,
        }),
        (doc) => {
          try {
            compilePolicy(doc);
          } catch (error) {
            expect(isRejection(error)).toBe(true);
          }
        },
      ),
    );
  });

  it('rejects a valid policy with one field replaced by garbage, naming that field', () => {
    const fields = [
      'version',
      'requireScan',
      'maxScanAgeHours',
      'severityLimits',
      'maxScore',
      'exceptions',
      'repositoryOverrides',
      'trustTrivyReportFor',
    ];
    const garbage = fc.oneof(
      fc.string(),
      fc.double(),
      fc.constant(null),
      fc.array(fc.integer()),
      fc.dictionary(fc.string(), fc.string()),
    );
    fc.assert(
      fc.property(policyArb, fc.constantFrom(...fields), garbage, (doc, field, value) => {
        try {
          compilePolicy({ ...doc, [field]: value });
        } catch (error) {
          expect(isRejection(error)).toBe(true);
          expect((error as Error).message).toMatch(/^policy document is invalid \(\d+ problems?\):\n {2}- /);
          expect((error as Error).message).toContain(`  - ${field}`);
        }
      }),
    );
  });
});
