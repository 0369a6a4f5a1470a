import { InvalidInputError } from '../../../../functions/core/errors';
import { ScanNotBoundError } from '../../../../functions/core/scan/scan-not-bound';
import { fromTrivyReport } from '../../../../functions/core/scan/from-trivy-report';
import type { Severity } from '../../../../functions/core/scan/scan-summary';
import {
  TRIVY_SCAN_ANNOTATION,
  trivyReportFromAnnotations,
} from '../../../../functions/core/scan/trivy-annotation';
import { asRecord, listConformance, readConformance, readConformanceText } from './conformance';

const NOW = new Date('2024-06-01T00:00:00Z');
const REPORTS = listConformance('trivy', (name) => name.endsWith('.json') || name.endsWith('.json.golden'));

/** The simplest independent count: every entry of Results[].Vulnerabilities[] by its Severity. */
function countBySeverity(report: unknown): Record<string, number> {
  const counts: Record<string, number> = {};
  const results = (asRecord(report).Results ?? []) as { Vulnerabilities?: { Severity: string }[] }[];
  for (const result of results) {
    for (const vulnerability of result.Vulnerabilities ?? []) {
      const severity = vulnerability.Severity === 'UNKNOWN' ? 'UNDEFINED' : vulnerability.Severity;
      counts[severity] = (counts[severity] ?? 0) + 1;
    }
  }
  return counts;
}

/** A minimal valid report holding the given vulnerabilities. */
function report(vulnerabilities: unknown[], extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    SchemaVersion: 2,
    Results: [{ Target: 'img', Class: 'os-pkgs', Vulnerabilities: vulnerabilities }],
    ...extra,
  };
}

const vuln = (extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  VulnerabilityID: 'CVE-2024-0001',
  PkgName: 'openssl',
  InstalledVersion: '3.0.0',
  Severity: 'HIGH',
  ...extra,
});

describe('fromTrivyReport on the conformance reports', () => {
  it('finds reports to test', () => {
    expect(REPORTS.length).toBeGreaterThanOrEqual(6);
  });

  it.each(REPORTS)('counts the findings of %s per severity as the report lists them', (name) => {
    // Prepare
    const json = readConformance('trivy', name);

    // Act
    const summary = fromTrivyReport(json, NOW);

    // Assess
    expect(summary.severityCounts).toEqual(countBySeverity(json));
    const total = Object.values(countBySeverity(json)).reduce((a, b) => a + b, 0);
    expect(summary.findings).toHaveLength(total);
    expect(summary.source).toBe('trivy');
    expect(summary.scanner).toEqual({ uri: 'https://github.com/aquasecurity/trivy', version: 'dev' });
    expect(summary.completedAt).toBe('2021-08-25T12:20:30.000Z');
  });

  it.each([
    ['alpine-39.json.golden', { CRITICAL: 2, MEDIUM: 4 }],
    ['debian-buster.json.golden', { CRITICAL: 1, LOW: 1 }],
    ['ubuntu-1804.json.golden', { MEDIUM: 4, LOW: 1 }],
    ['photon-30.json.golden', { CRITICAL: 2, HIGH: 1 }],
    ['centos-7.json.golden', { MEDIUM: 1, LOW: 2 }],
    ['sl-micro-rancher5.4.json.golden', {}],
  ] as [string, Partial<Record<Severity, number>>][])(
    'agrees with the README table for %s',
    (name, expected) => {
      expect(fromTrivyReport(readConformance('trivy', name), NOW).severityCounts).toEqual(expected);
    },
  );

  it("keeps Trivy's severity when the NVD score disagrees with it", () => {
    const summary = fromTrivyReport(readConformance('trivy', 'centos-7.json.golden'), NOW);

    const bash = summary.findings.find((f) => f.id === 'CVE-2019-18276');

    expect(bash).toEqual({
      id: 'CVE-2019-18276',
      severity: 'LOW',
      score: 7.8,
      packageName: 'bash',
      packageVersion: '4.2.46-31.el7',
      fixAvailable: false,
    });
  });

  it('picks the highest V3 score across sources and reads the fixed version', () => {
    const summary = fromTrivyReport(readConformance('trivy', 'debian-buster.json.golden'), NOW);

    const gnutls = summary.findings.find((f) => f.id === 'CVE-2019-18224');

    expect(gnutls).toMatchObject({
      severity: 'CRITICAL',
      score: 9.8,
      fixAvailable: true,
      fixedVersion: '2.0.5-1+deb10u1',
    });
  });

  it('keeps one finding per package when a CVE affects several', () => {
    const summary = fromTrivyReport(readConformance('trivy', 'alpine-39.json.golden'), NOW);

    const musl = summary.findings.filter((f) => f.id === 'CVE-2019-14697').map((f) => f.packageName);

    expect(musl).toEqual(['musl', 'musl-utils']);
  });

  it('reads the report from JSON text, as the annotation carries it', () => {
    const text = readConformanceText('trivy', 'photon-30.json.golden');

    expect(fromTrivyReport(text, NOW)).toEqual(fromTrivyReport(JSON.parse(text) as unknown, NOW));
  });
});

describe('fromTrivyReport on edge cases', () => {
  it('falls back to the highest V2 score when no source has a V3 score', () => {
    const json = report([vuln({ CVSS: { nvd: { V2Score: 5 }, redhat: { V2Score: 6.8 } } })]);

    expect(fromTrivyReport(json, NOW).findings[0]?.score).toBe(6.8);
  });

  it('prefers any V3 score over a higher V2 score', () => {
    const json = report([vuln({ CVSS: { nvd: { V2Score: 9.3, V3Score: 7.5 }, ghsa: { V3Score: 8.1 } } })]);

    expect(fromTrivyReport(json, NOW).findings[0]?.score).toBe(8.1);
  });

  it('leaves the score out when there is no CVSS', () => {
    expect(fromTrivyReport(report([vuln()]), NOW).findings[0]).not.toHaveProperty('score');
  });

  it('maps UNKNOWN severity to UNDEFINED', () => {
    const summary = fromTrivyReport(report([vuln({ Severity: 'UNKNOWN' })]), NOW);

    expect(summary.severityCounts).toEqual({ UNDEFINED: 1 });
  });

  it('marks a report without CreatedAt undated (the epoch, so stale), never "now"', () => {
    const summary = fromTrivyReport(report([]), NOW);
    expect(summary).toMatchObject({ undated: true, completedAt: '1970-01-01T00:00:00.000Z' });
    expect(fromTrivyReport(report([], { CreatedAt: NOW.toISOString() }), NOW).undated).toBeUndefined();
  });

  it('accepts a report without Results and a result whose Vulnerabilities is null', () => {
    expect(fromTrivyReport({ SchemaVersion: 2 }, NOW).findings).toEqual([]);
    expect(
      fromTrivyReport({ SchemaVersion: 2, Results: [{ Target: 'x', Vulnerabilities: null }] }, NOW).findings,
    ).toEqual([]);
  });

  it('reports "unknown" as the version when the report does not name one', () => {
    expect(fromTrivyReport(report([]), NOW).scanner.version).toBe('unknown');
  });

  it('binds a report to its manifest: ImageID is the config digest, RepoDigests include the digest', () => {
    const json = report([], {
      Metadata: { ImageID: 'sha256:aaa', RepoDigests: ['registry.example/team/app@sha256:ddd'] },
    });
    const bound = { imageId: 'sha256:aaa', digest: 'sha256:ddd' };

    expect(() => fromTrivyReport(json, NOW, bound)).not.toThrow();
    expect(() => fromTrivyReport(json, NOW, { ...bound, imageId: 'sha256:bbb' })).toThrow(ScanNotBoundError);
    expect(() => fromTrivyReport(json, NOW, { ...bound, imageId: 'sha256:bbb' })).toThrow(
      /about image 'sha256:aaa', not this manifest's config 'sha256:bbb'/,
    );
    expect(() => fromTrivyReport(json, NOW, { ...bound, digest: 'sha256:eee' })).toThrow(
      /RepoDigests .* do not include 'sha256:eee'/,
    );
    // Where the report names neither, there is nothing to contradict.
    expect(() =>
      fromTrivyReport(report([]), NOW, { imageId: 'sha256:bbb', digest: 'sha256:eee' }),
    ).not.toThrow();
  });
});

describe('fromTrivyReport on malformed input', () => {
  it.each([
    ['text that is not JSON', '{"SchemaVersion": 2,', /Trivy report is not valid JSON/],
    ['null', null, /Trivy report is invalid: \(root\): must be an object, not null/],
    ['an old schema', { SchemaVersion: 1 }, /SchemaVersion: must be 2, not 1/],
    ['a missing schema version', {}, /SchemaVersion: is required: it must be 2/],
    [
      'an unknown severity',
      report([vuln({ Severity: 'SEVERE' })]),
      /Results\[0\]\.Vulnerabilities\[0\]\.Severity: must be one of CRITICAL, .* not 'SEVERE'/,
    ],
    [
      'a missing id',
      report([{ Severity: 'LOW' }]),
      /Results\[0\]\.Vulnerabilities\[0\]\.VulnerabilityID: is required/,
    ],
    ['a score above 10', report([vuln({ CVSS: { nvd: { V3Score: 11 } } })]), /V3Score: must be 10 or less/],
    [
      'Results that is not a list',
      { SchemaVersion: 2, Results: {} },
      /Results: must be a list, not an object/,
    ],
    [
      'a CreatedAt that is no time',
      report([], { CreatedAt: 'yesterday' }),
      /CreatedAt 'yesterday' is not a valid time/,
    ],
  ])('rejects %s with a clear InvalidInputError', (_what, json, message) => {
    expect(() => fromTrivyReport(json, NOW)).toThrow(InvalidInputError);
    expect(() => fromTrivyReport(json, NOW)).toThrow(message);
  });
});

describe('trivyReportFromAnnotations', () => {
  it('returns undefined when the manifest has no Trivy annotation', () => {
    expect(trivyReportFromAnnotations(undefined, NOW)).toBeUndefined();
    expect(trivyReportFromAnnotations({ 'org.opencontainers.image.source': 'x' }, NOW)).toBeUndefined();
  });

  it('reads the report in trivy.scan.result', () => {
    const text = readConformanceText('trivy', 'alpine-39.json.golden');

    const summary = trivyReportFromAnnotations({ [TRIVY_SCAN_ANNOTATION]: text }, NOW);

    expect(summary?.severityCounts).toEqual({ CRITICAL: 2, MEDIUM: 4 });
  });

  it('rejects an annotation that is not a report', () => {
    expect(() => trivyReportFromAnnotations({ [TRIVY_SCAN_ANNOTATION]: 'ok' }, NOW)).toThrow(
      /not valid JSON/,
    );
    expect(() => trivyReportFromAnnotations({ [TRIVY_SCAN_ANNOTATION]: '[]' }, NOW)).toThrow(
      /must be an object, not a list/,
    );
  });
});
