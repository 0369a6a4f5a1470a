/** The parsers and the policy together, on the shared conformance samples. */
import { compilePolicy } from '../../../../functions/core/policy/compile-policy';
import { evaluateScan } from '../../../../functions/core/policy/evaluate-scan';
import type { EcrScanFindingsPage } from '../../../../functions/core/scan/ecr-scan-findings-page';
import { fromEcrScanFindings } from '../../../../functions/core/scan/from-ecr-scan-findings';
import { fromTrivyReport } from '../../../../functions/core/scan/from-trivy-report';
import { readConformance } from '../scan/conformance';

const TRIVY_NOW = new Date('2021-08-26T00:00:00Z');
const POLICY = compilePolicy({
  version: '2021-08',
  severityLimits: { CRITICAL: 0, HIGH: 0 },
  trustTrivyReportFor: ['ci/**'],
});

describe('evaluateScan on the Trivy conformance reports', () => {
  it('fails alpine 3.9 on its two critical musl findings', () => {
    const scan = fromTrivyReport(readConformance('trivy', 'alpine-39.json.golden'), TRIVY_NOW);

    const decision = evaluateScan(POLICY, { repository: 'ci/alpine', scan, now: TRIVY_NOW });

    expect(decision.outcome).toBe('fail');
    expect(decision.reasons[0]).toEqual({
      code: 'SEVERITY_LIMIT',
      effect: 'fail',
      message:
        'CVE-2019-14697 (CRITICAL, score 9.8, musl 1.1.20-r4), CVE-2019-14697 (CRITICAL, score 9.8, musl-utils 1.1.20-r4): 2 CRITICAL findings, limit 0',
      cveIds: ['CVE-2019-14697'],
    });
  });

  it('passes the clean SLE Micro report', () => {
    const scan = fromTrivyReport(readConformance('trivy', 'sl-micro-rancher5.4.json.golden'), TRIVY_NOW);

    expect(evaluateScan(POLICY, { repository: 'ci/slem', scan, now: TRIVY_NOW }).outcome).toBe('pass');
  });

  it('fails centos 7 on score alone: a LOW finding whose NVD score is 7.8', () => {
    const scorePolicy = compilePolicy({ version: 'v', maxScore: 7, trustTrivyReportFor: ['**'] });
    const scan = fromTrivyReport(readConformance('trivy', 'centos-7.json.golden'), TRIVY_NOW);

    const decision = evaluateScan(scorePolicy, { repository: 'centos', scan, now: TRIVY_NOW });

    expect(decision.reasons[0]?.message).toBe(
      'CVE-2019-18276 (LOW, score 7.8, bash 4.2.46-31.el7): 1 finding above the score limit 7.0',
    );
  });

  it('waits for a registry scan when the report comes from a repository not trusted for Trivy', () => {
    const scan = fromTrivyReport(readConformance('trivy', 'sl-micro-rancher5.4.json.golden'), TRIVY_NOW);

    expect(evaluateScan(POLICY, { repository: 'team-a/slem', scan, now: TRIVY_NOW }).outcome).toBe('pending');
  });
});

describe('evaluateScan on the ECR conformance responses', () => {
  const page = (name: string): EcrScanFindingsPage => readConformance('ecr-api', name) as EcrScanFindingsPage;

  it('fails the basic example under a MEDIUM limit of 0', () => {
    const scan = fromEcrScanFindings([page('describe-image-scan-findings.basic.aws-cli-example.json')]);
    const now = new Date('2020-01-25T00:00:00Z');

    const decision = evaluateScan(compilePolicy({ version: 'v', severityLimits: { MEDIUM: 0 } }), {
      repository: 'sample-repo',
      scan,
      now,
    });

    expect(decision.reasons[0]?.message).toBe(
      'CVE-2019-5188 (MEDIUM, score 4.6, e2fsprogs 1.44.1-1ubuntu1.1): 1 MEDIUM finding, limit 0',
    );
  });

  it('is pending on the enhanced response that has no findings yet', () => {
    const scan = fromEcrScanFindings([
      page('describe-image-scan-findings.enhanced-COMPLETE-empty.aws-sdk-issue-289.json'),
    ]);

    expect(evaluateScan(POLICY, { repository: 'repo', scan, now: TRIVY_NOW }).outcome).toBe('pending');
  });
});
