/**
 * Scan results for tests: read from the shared conformance vectors (never copied), or synthesised in
 * any number to exercise paging.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { ScanKind, ScanResult, ScanStatus } from './scan-store';
import type { JsonObject } from './wire';

/** The shared test vectors, next to the repository (`../shared/conformance`). */
export const CONFORMANCE_DIR = resolve(__dirname, '../../../../shared/conformance');
export const ECR_API_DIR = resolve(CONFORMANCE_DIR, 'ecr-api');

/** The DescribeImageScanFindings responses in conformance/ecr-api/ (see its README). */
export const FINDINGS_FIXTURES = {
  /** BASIC, one MEDIUM finding, epoch-second timestamps (AWS CLI example). */
  basic: 'describe-image-scan-findings.basic.aws-cli-example.json',
  /** ENHANCED, two `enhancedFindings`, one UNTRIAGED, no timestamps (moto). */
  enhanced: 'describe-image-scan-findings.enhanced.moto.json',
  /** ACTIVE (continuous scanning) with an empty basic `findings` list (aws-cli#6759). */
  enhancedActiveEmpty: 'describe-image-scan-findings.enhanced-ACTIVE-empty.aws-cli-issue-6759.json',
  /** COMPLETE but no findings yet (aws-sdk#289). */
  enhancedCompleteEmpty: 'describe-image-scan-findings.enhanced-COMPLETE-empty.aws-sdk-issue-289.json',
} as const;
export type FindingsFixture = keyof typeof FINDINGS_FIXTURES;

/** A fixture's response exactly as stored. */
export function readFindingsFixture(name: FindingsFixture): JsonObject {
  return JSON.parse(readFileSync(resolve(ECR_API_DIR, FINDINGS_FIXTURES[name]), 'utf8')) as JsonObject;
}

/** The scan result that makes the emulator answer with the fixture's status, findings and counts. */
export function scanFromFixture(name: FindingsFixture): ScanResult {
  const response = readFindingsFixture(name);
  const status = response.imageScanStatus as { status: ScanStatus; description?: string };
  const scan = response.imageScanFindings as JsonObject | undefined;
  const enhanced = Array.isArray(scan?.enhancedFindings);
  const findings = (enhanced ? scan?.enhancedFindings : scan?.findings) as JsonObject[] | undefined;
  const seconds = (value: unknown) => (typeof value === 'number' ? value * 1000 : undefined);
  return {
    kind: enhanced ? 'ENHANCED' : 'BASIC',
    status: status.status,
    description: status.description,
    findings,
    findingSeverityCounts: scan?.findingSeverityCounts as Record<string, number> | undefined,
    imageScanCompletedAt: seconds(scan?.imageScanCompletedAt),
    vulnerabilitySourceUpdatedAt: seconds(scan?.vulnerabilitySourceUpdatedAt),
  };
}

/** Severities cycled through by default; Inspector adds UNTRIAGED, basic scanning UNDEFINED. */
export const DEFAULT_SEVERITIES = ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW', 'INFORMATIONAL'] as const;

export interface SynthesisOptions {
  /** Cycled through, finding by finding. */
  readonly severities?: readonly string[];
  /** Epoch milliseconds; default now. */
  readonly completedAt?: number;
  /** Put into enhanced findings' resources. */
  readonly repositoryName?: string;
  readonly imageDigest?: string;
  readonly registryId?: string;
}

/** A COMPLETE scan with `count` made-up findings and their severity counts. */
export function synthesiseScan(kind: ScanKind, count: number, options: SynthesisOptions = {}): ScanResult {
  const completedAt = options.completedAt ?? Date.now();
  const findings = synthesiseFindings(kind, count, options);
  return {
    kind,
    status: 'COMPLETE',
    description: 'The scan was completed successfully.',
    findings,
    findingSeverityCounts: countSeverities(findings),
    imageScanCompletedAt: completedAt,
    vulnerabilitySourceUpdatedAt: completedAt - 3_600_000,
  };
}

/** `count` findings in wire form, CVE ids `CVE-2099-<n>` in order, shaped like the fixtures. */
export function synthesiseFindings(
  kind: ScanKind,
  count: number,
  options: SynthesisOptions = {},
): JsonObject[] {
  const severities = options.severities ?? DEFAULT_SEVERITIES;
  return Array.from({ length: count }, (_, i) => {
    const severity = severities[i % severities.length] ?? 'MEDIUM';
    return kind === 'BASIC' ? basicFinding(i, severity) : enhancedFinding(i, severity, options);
  });
}

/** Findings per `severity`, levels without findings absent (as ECR sends them). */
export function countSeverities(findings: readonly JsonObject[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const finding of findings)
    if (typeof finding.severity === 'string') counts[finding.severity] = (counts[finding.severity] ?? 0) + 1;
  return counts;
}

const SCORES: Record<string, number> = { CRITICAL: 9.8, HIGH: 7.5, MEDIUM: 5.3, LOW: 3.1 };

function cve(i: number): string {
  return `CVE-2099-${String(i + 1).padStart(5, '0')}`;
}

function basicFinding(i: number, severity: string): JsonObject {
  return {
    name: cve(i),
    description: `Synthesised finding ${i + 1}.`,
    uri: `https://security-tracker.debian.org/tracker/${cve(i)}`,
    severity,
    attributes: [
      { key: 'package_version', value: `1.0.${i}` },
      { key: 'package_name', value: `pkg-${i + 1}` },
      { key: 'CVSS2_SCORE', value: String(SCORES[severity] ?? 0) },
    ],
  };
}

function enhancedFinding(i: number, severity: string, options: SynthesisOptions): JsonObject {
  const account = options.registryId ?? '123456789012';
  const score = SCORES[severity] ?? 0;
  const vector = 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H';
  const observed = (options.completedAt ?? Date.now()) / 1000;
  return {
    awsAccountId: account,
    description: `Synthesised finding ${i + 1}.`,
    findingArn: `arn:aws:inspector2:us-east-1:${account}:finding/${String(i + 1).padStart(32, '0')}`,
    firstObservedAt: observed,
    lastObservedAt: observed,
    updatedAt: observed,
    packageVulnerabilityDetails: {
      cvss: score > 0 ? [{ baseScore: score, scoringVector: vector, source: 'NVD', version: '3.1' }] : [],
      referenceUrls: [],
      relatedVulnerabilities: [],
      source: 'NVD',
      sourceUrl: `https://nvd.nist.gov/vuln/detail/${cve(i)}`,
      vendorSeverity: severity,
      vulnerabilityId: cve(i),
      vulnerablePackages: [
        {
          name: `pkg-${i + 1}`,
          version: `1.0.${i}`,
          fixedInVersion: i % 2 ? 'NotAvailable' : `1.0.${i + 1}`,
        },
      ],
    },
    remediation: { recommendation: { text: 'None Provided' } },
    resources: [
      {
        details: {
          awsEcrContainerImage: {
            imageHash: options.imageDigest ?? `sha256:${'0'.repeat(64)}`,
            registry: account,
            repositoryName: options.repositoryName ?? 'synthesised',
          },
        },
        type: 'AWS_ECR_CONTAINER_IMAGE',
      },
    ],
    score,
    ...(score > 0
      ? {
          scoreDetails: {
            cvss: { adjustments: [], score, scoreSource: 'NVD', scoringVector: vector, version: '3.1' },
          },
        }
      : {}),
    severity,
    status: 'ACTIVE',
    title: `${cve(i)} - pkg-${i + 1}`,
    type: 'PACKAGE_VULNERABILITY',
    fixAvailable: i % 2 ? 'NO' : 'YES',
    exploitAvailable: 'NO',
  };
}
