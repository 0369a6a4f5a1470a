/** DescribeImageScanFindings pages for tests, made up in the shape of the conformance samples. */
import type {
  EcrBasicFinding,
  EcrScanFindingsPage,
} from '../../../../functions/core/scan/ecr-scan-findings-page';

export const DIGEST = `sha256:${'ab'.repeat(32)}`;

/** Basic findings `CVE-2099-00001`... with the given severities, in order. */
export function basicFindings(severities: readonly string[]): EcrBasicFinding[] {
  return severities.map((severity, i) => ({
    name: `CVE-2099-${String(i + 1).padStart(5, '0')}`,
    severity,
    attributes: [
      { key: 'package_name', value: `pkg-${i + 1}` },
      { key: 'package_version', value: `1.0.${i}` },
      { key: 'CVSS2_SCORE', value: '5.0' },
    ],
  }));
}

/** The findings cut into pages of `size`, each but the last with a nextToken, each with the totals. */
export function pagesOf(
  findings: readonly EcrBasicFinding[],
  size: number,
  completedAt = 1_700_000_000,
): EcrScanFindingsPage[] {
  const counts: Record<string, number> = {};
  for (const f of findings) counts[f.severity ?? '?'] = (counts[f.severity ?? '?'] ?? 0) + 1;
  const pages: EcrScanFindingsPage[] = [];
  for (let start = 0; start === 0 || start < findings.length; start += size) {
    const last = start + size >= findings.length;
    pages.push({
      registryId: '123456789012',
      repositoryName: 'team-a/api',
      imageId: { imageDigest: DIGEST },
      imageScanStatus: { status: 'COMPLETE', description: 'The scan was completed successfully.' },
      imageScanFindings: {
        imageScanCompletedAt: completedAt,
        vulnerabilitySourceUpdatedAt: completedAt - 3600,
        findingSeverityCounts: counts,
        findings: findings.slice(start, start + size),
      },
      ...(last ? {} : { nextToken: `token-${start + size}` }),
    });
  }
  return pages;
}

/** A page with the given scan status and nothing else of interest. */
export function statusPage(status: string, description?: string): EcrScanFindingsPage {
  return {
    repositoryName: 'team-a/api',
    imageId: { imageDigest: DIGEST },
    imageScanStatus: { status, ...(description === undefined ? {} : { description }) },
  };
}
