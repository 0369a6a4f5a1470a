/**
 * The SDK's own output type must be accepted as it is, so the adapter passes pages straight through.
 * A type-only import: this checks at compile time (tsc) and runs with the SDK's runtime untouched.
 */
import type { DescribeImageScanFindingsCommandOutput } from '@aws-sdk/client-ecr';
import type { EcrScanFindingsPage } from '../../../../functions/core/scan/ecr-scan-findings-page';
import { fromEcrScanFindings } from '../../../../functions/core/scan/from-ecr-scan-findings';

describe('EcrScanFindingsPage', () => {
  it('accepts the AWS SDK DescribeImageScanFindings output unchanged', () => {
    // Prepare
    const output: DescribeImageScanFindingsCommandOutput = {
      $metadata: { httpStatusCode: 200 },
      registryId: '123456789012',
      repositoryName: 'team-a/api',
      imageId: { imageDigest: `sha256:${'0'.repeat(64)}` },
      imageScanStatus: { status: 'COMPLETE' },
      imageScanFindings: {
        imageScanCompletedAt: new Date('2025-01-01T00:00:00Z'),
        vulnerabilitySourceUpdatedAt: new Date('2024-12-31T00:00:00Z'),
        findingSeverityCounts: { HIGH: 1 },
        findings: [
          { name: 'CVE-2024-0001', severity: 'HIGH', attributes: [{ key: 'CVSS3_SCORE', value: '7.5' }] },
        ],
        enhancedFindings: [
          {
            severity: 'CRITICAL',
            score: 9.8,
            fixAvailable: 'YES',
            packageVulnerabilityDetails: {
              vulnerabilityId: 'CVE-2024-3094',
              vulnerablePackages: [{ name: 'xz-utils', version: '5.6.0', epoch: 0, fixedInVersion: '5.6.1' }],
            },
          },
        ],
      },
    };
    const pages: EcrScanFindingsPage[] = [output];

    // Act
    const summary = fromEcrScanFindings(pages);

    // Assess
    expect(summary?.severityCounts).toEqual({ HIGH: 1, CRITICAL: 1 });
    expect(summary?.findings[1]).toEqual({
      id: 'CVE-2024-3094',
      severity: 'CRITICAL',
      score: 9.8,
      packageName: 'xz-utils',
      packageVersion: '5.6.0',
      fixAvailable: true,
      fixedVersion: '5.6.1',
    });
    expect(summary?.scanner.dbVersion).toBe('2024-12-31T00:00:00.000Z');
  });
});
