import { InvalidInputError } from '../../../../functions/core/errors';
import type { EcrScanFindingsPage } from '../../../../functions/core/scan/ecr-scan-findings-page';
import { fromEcrScanFindings } from '../../../../functions/core/scan/from-ecr-scan-findings';
import { clone, readConformance } from './conformance';
import { basicFindings, pagesOf } from './ecr-pages';

const NOW = new Date('2025-02-01T00:00:00Z');
const page = (...path: string[]): EcrScanFindingsPage => readConformance(...path) as EcrScanFindingsPage;
const BASIC = 'describe-image-scan-findings.basic.aws-cli-example.json';

describe('fromEcrScanFindings on the conformance responses', () => {
  it.each([
    ['ecr-api', BASIC],
    ['events/ecr', 'describe-image-scan-findings-basic.aws-cli-example.json'],
  ])('reads the basic AWS CLI example in %s', (dir, name) => {
    // Act
    const summary = fromEcrScanFindings([page(dir, name)], { now: NOW });

    // Assess
    expect(summary).toEqual({
      source: 'ecr-basic',
      scanner: {
        uri: 'https://docs.aws.amazon.com/AmazonECR/latest/userguide/image-scanning-basic.html',
        version: 'unknown',
        dbVersion: '2020-01-23T20:25:17.000Z',
      },
      completedAt: '2020-01-24T04:11:45.000Z',
      severityCounts: { MEDIUM: 1 },
      findings: [
        {
          id: 'CVE-2019-5188',
          severity: 'MEDIUM',
          score: 4.6,
          packageName: 'e2fsprogs',
          packageVersion: '1.44.1-1ubuntu1.1',
        },
      ],
    });
  });

  it('reads enhanced findings: UNTRIAGED as UNDEFINED, Inspector score, package version with release', () => {
    const summary = fromEcrScanFindings(
      [page('ecr-api', 'describe-image-scan-findings.enhanced.moto.json')],
      { now: NOW },
    );

    expect(summary?.source).toBe('inspector');
    expect(summary?.severityCounts).toEqual({ MEDIUM: 1, UNDEFINED: 1 });
    expect(summary?.findings).toEqual([
      {
        id: 'CVE-2024-9681',
        severity: 'MEDIUM',
        score: 6.5,
        packageName: 'curl',
        packageVersion: '7.88.1-10+deb12u8',
        fixAvailable: false,
      },
      {
        id: 'CVE-2025-24528',
        severity: 'UNDEFINED',
        packageName: 'krb5',
        packageVersion: '1.20.1-2+deb12u2',
        fixAvailable: false,
      },
    ]);
  });

  it('takes the time of reading as completion time when an enhanced response has none', () => {
    const summary = fromEcrScanFindings(
      [page('ecr-api', 'describe-image-scan-findings.enhanced.moto.json')],
      { now: NOW },
    );

    expect(summary?.completedAt).toBe(NOW.toISOString());
  });

  it.each([
    'describe-image-scan-findings.enhanced-ACTIVE-empty.aws-cli-issue-6759.json',
    'describe-image-scan-findings.enhanced-COMPLETE-empty.aws-sdk-issue-289.json',
  ])('treats %s (no time, no finding, no count) as no scan yet rather than a clean one', (name) => {
    expect(fromEcrScanFindings([page('ecr-api', name)], { now: NOW })).toBeUndefined();
  });

  it('accepts a clean scan that says when it completed', () => {
    const clean = clone(page('ecr-api', BASIC)) as { imageScanFindings: Record<string, unknown> };
    clean.imageScanFindings.findings = [];
    delete clean.imageScanFindings.findingSeverityCounts;

    const summary = fromEcrScanFindings([clean], { now: NOW });

    expect(summary).toMatchObject({
      findings: [],
      severityCounts: {},
      completedAt: '2020-01-24T04:11:45.000Z',
    });
  });
});

describe('fromEcrScanFindings with several pages', () => {
  const severities = ['CRITICAL', 'HIGH', 'HIGH', 'MEDIUM', 'LOW', 'INFORMATIONAL', 'UNDEFINED'];

  it('merges every page', () => {
    const summary = fromEcrScanFindings(pagesOf(basicFindings(severities), 3));

    expect(summary?.findings.map((f) => f.id)).toEqual(basicFindings(severities).map((f) => f.name));
    expect(summary?.severityCounts).toEqual({
      CRITICAL: 1,
      HIGH: 2,
      MEDIUM: 1,
      LOW: 1,
      INFORMATIONAL: 1,
      UNDEFINED: 1,
    });
  });

  it('rejects pages whose last one still has a nextToken', () => {
    const pages = pagesOf(basicFindings(severities), 3).slice(0, 2);

    expect(() => fromEcrScanFindings(pages)).toThrow(/last page given has a nextToken; pass every page/);
  });

  it('rejects findings fewer than the declared counts, naming each short severity', () => {
    // Prepare: the middle page (MEDIUM, LOW, INFORMATIONAL) is lost, and the first page's token removed.
    const [first, , last] = pagesOf(basicFindings(severities), 3);
    const pages = [first, last].filter((p): p is EcrScanFindingsPage => p !== undefined);

    // Act / Assess
    expect(() => fromEcrScanFindings(pages)).toThrow(InvalidInputError);
    expect(() => fromEcrScanFindings(pages)).toThrow(/nextToken/);
    const withoutToken = pages.map(({ nextToken: _, ...rest }) => rest);
    expect(() => fromEcrScanFindings(withoutToken)).toThrow(
      /incomplete: 1 MEDIUM declared, 0 listed; 1 LOW declared, 0 listed; 1 INFORMATIONAL declared, 0 listed in 2 pages/,
    );
  });

  it('accepts more findings than declared (counts and findings are read at different moments)', () => {
    const [only] = pagesOf(basicFindings(['HIGH', 'HIGH']), 10);
    const stale = {
      ...only,
      imageScanFindings: { ...only?.imageScanFindings, findingSeverityCounts: { HIGH: 1 } },
    };

    expect(fromEcrScanFindings([stale])?.severityCounts).toEqual({ HIGH: 2 });
  });

  it('rejects pages of different images, and pages that disagree on the status', () => {
    const [a, b] = pagesOf(basicFindings(severities), 4);
    if (a === undefined || b === undefined) throw new Error('two pages expected');

    expect(() =>
      fromEcrScanFindings([a, { ...b, imageId: { imageDigest: `sha256:${'cd'.repeat(32)}` } }]),
    ).toThrow(/pages are of different images: imageDigest/);
    expect(() => fromEcrScanFindings([a, { ...b, imageScanStatus: { status: 'FAILED' } }])).toThrow(
      /disagree on the scan status: 'COMPLETE' and 'FAILED'/,
    );
  });

  it('rejects an empty list of pages', () => {
    expect(() => fromEcrScanFindings([])).toThrow(/no pages were given/);
  });
});

describe('fromEcrScanFindings on field shapes', () => {
  it('accepts timestamps as Date (SDK), epoch seconds (CLI) and ISO strings alike', () => {
    const at = (imageScanCompletedAt: Date | number | string) =>
      fromEcrScanFindings(
        pagesOf(basicFindings(['LOW']), 5).map((p) => ({
          ...p,
          imageScanFindings: { ...p.imageScanFindings, imageScanCompletedAt },
        })),
      )?.completedAt;

    expect(at(new Date('2024-05-01T10:00:00Z'))).toBe('2024-05-01T10:00:00.000Z');
    expect(at(1714557600)).toBe('2024-05-01T10:00:00.000Z');
    expect(at('2024-05-01T12:00:00+02:00')).toBe('2024-05-01T10:00:00.000Z');
    expect(() => at('May 1, 2024')).toThrow(/imageScanCompletedAt 'May 1, 2024' is not a valid time/);
  });

  it('prefers the CVSS3 score attribute over CVSS2', () => {
    const [p] = pagesOf(basicFindings(['HIGH']), 5);
    const finding = {
      name: 'CVE-2024-0001',
      severity: 'HIGH',
      attributes: [
        { key: 'CVSS2_SCORE', value: '9.3' },
        { key: 'CVSS3_SCORE', value: '7.5' },
      ],
    };

    const summary = fromEcrScanFindings([
      { ...p, imageScanFindings: { ...p?.imageScanFindings, findings: [finding] } },
    ]);

    expect(summary?.findings[0]?.score).toBe(7.5);
  });

  it('rejects a score attribute that is not a number', () => {
    const [p] = pagesOf([], 5);
    const finding = {
      name: 'CVE-2024-0001',
      severity: 'HIGH',
      attributes: [{ key: 'CVSS3_SCORE', value: 'high' }],
    };

    expect(() =>
      fromEcrScanFindings([
        {
          ...p,
          imageScanFindings: {
            ...p?.imageScanFindings,
            findingSeverityCounts: undefined,
            findings: [finding],
          },
        },
      ]),
    ).toThrow("ECR finding 'CVE-2024-0001' has CVSS3_SCORE 'high'; a score is a number from 0 to 10");
  });

  it('rejects a malformed page, naming the page and the field', () => {
    const bad = {
      imageScanStatus: { status: 'COMPLETE' },
      imageScanFindings: { findings: [{ name: 'CVE-1', severity: 'SEVERE' }] },
    };

    expect(() => fromEcrScanFindings([bad])).toThrow(
      /DescribeImageScanFindings page 1 is invalid: imageScanFindings\.findings\[0\]\.severity: must be one of CRITICAL/,
    );
  });

  it('rejects an unknown severity in findingSeverityCounts', () => {
    const [p] = pagesOf([], 5);

    expect(() =>
      fromEcrScanFindings([
        { ...p, imageScanFindings: { ...p?.imageScanFindings, findingSeverityCounts: { SEVERE: 1 } } },
      ]),
    ).toThrow("ECR findingSeverityCounts has the unknown severity 'SEVERE'");
  });

  it('rejects something that is not a list of pages', () => {
    expect(() => fromEcrScanFindings({} as unknown as EcrScanFindingsPage[])).toThrow(
      /expected a list of response pages/,
    );
  });
});
