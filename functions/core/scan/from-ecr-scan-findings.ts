import { InvalidInputError } from '../errors';
import { quote } from '../reference/quote';
import { ecrBasicToFinding } from './ecr-basic-finding';
import type { EcrScanFindingsPage } from './ecr-scan-findings-page';
import { ecrScanFindingsPageSchema, type EcrScanFindingsPageData } from './ecr-scan-findings-schema';
import { checkAgainstDeclared, declaredSeverityCounts } from './ecr-severity-counts';
import { inspectorToFinding } from './inspector-finding';
import type { ScanSummary } from './scan-summary';
import { scanStatusMeaning, ScanUnusableError } from './scan-status';
import { SCANNER_URIS, UNKNOWN_SCANNER_VERSION } from './scanners';
import { countSeverities } from './severity';
import { toIsoTimestamp } from './timestamps';
import { formatIssues, zodMessages } from '../validation/zod-messages';

export interface EcrScanFindingsOptions {
  /**
   * When the findings were read; the completion time of a usable scan whose response has no
   * `imageScanCompletedAt` but does list findings (continuous enhanced scanning keeps them current).
   */
  readonly now?: Date;
}

/**
 * Reads all pages of one image's DescribeImageScanFindings into a ScanSummary; basic `findings` and
 * enhanced `enhancedFindings` are merged. What the scan status means:
 * - COMPLETE, ACTIVE: the summary.
 * - IN_PROGRESS, PENDING: undefined (no scan yet: the policy says `pending` when it requires one).
 * - anything else (FAILED, UNSUPPORTED_IMAGE, FINDINGS_UNAVAILABLE, ...): ScanUnusableError, so a failed
 *   scan can never be mistaken for a clean one.
 * A COMPLETE or ACTIVE response with no completion time, no finding and no count is also undefined:
 * enhanced scanning answers like that before Inspector has delivered findings (aws/aws-sdk#289).
 *
 * @throws InvalidInputError for no pages, a malformed page, pages of different images or statuses, a
 *   last page that still has a `nextToken`, or fewer findings than `findingSeverityCounts` declares
 * @throws ScanUnusableError for a scan that ended without usable findings
 */
export function fromEcrScanFindings(
  pages: readonly EcrScanFindingsPage[],
  options: EcrScanFindingsOptions = {},
): ScanSummary | undefined {
  const parsed = parsePages(pages);
  const first = parsed[0];
  if (first === undefined) {
    throw new InvalidInputError('DescribeImageScanFindings: no pages were given');
  }
  const image = describeImage(first);
  checkSameImage(parsed);
  const status = sameStatus(parsed);
  const meaning = scanStatusMeaning(status);
  if (meaning === 'not-yet') return undefined;
  if (meaning === 'unusable') throw new ScanUnusableError(status, image, first.imageScanStatus?.description);
  if (parsed.at(-1)?.nextToken !== undefined) {
    throw new InvalidInputError(
      `DescribeImageScanFindings for ${image}: the last page given has a nextToken; pass every page`,
    );
  }
  const basic = parsed.flatMap((p) => p.imageScanFindings?.findings ?? []).map(ecrBasicToFinding);
  const enhanced = parsed.flatMap((p) => p.imageScanFindings?.enhancedFindings ?? []).map(inspectorToFinding);
  const findings = [...basic, ...enhanced];
  const declared = declaredSeverityCounts(parsed);
  const completedAt = firstTimestamp(parsed, 'imageScanCompletedAt');
  if (completedAt === undefined && findings.length === 0 && declared === undefined) {
    return undefined;
  }
  const severityCounts = countSeverities(findings);
  checkAgainstDeclared(severityCounts, declared, parsed.length);
  const isEnhanced =
    status === 'ACTIVE' || parsed.some((p) => p.imageScanFindings?.enhancedFindings !== undefined);
  const source = isEnhanced ? 'inspector' : 'ecr-basic';
  const dbVersion = firstTimestamp(parsed, 'vulnerabilitySourceUpdatedAt');
  return {
    source,
    scanner: {
      uri: SCANNER_URIS[source],
      version: UNKNOWN_SCANNER_VERSION,
      ...(dbVersion === undefined ? {} : { dbVersion }),
    },
    completedAt: completedAt ?? (options.now ?? new Date()).toISOString(),
    severityCounts,
    findings,
  };
}

function parsePages(pages: readonly EcrScanFindingsPage[]): EcrScanFindingsPageData[] {
  if (!Array.isArray(pages)) {
    throw new InvalidInputError('DescribeImageScanFindings: expected a list of response pages');
  }
  return pages.map((page, index) => {
    const result = ecrScanFindingsPageSchema.safeParse(page, { error: zodMessages });
    if (!result.success) {
      throw new InvalidInputError(formatIssues(`DescribeImageScanFindings page ${index + 1}`, result.error), {
        cause: result.error,
      });
    }
    return result.data;
  });
}

function checkSameImage(pages: readonly EcrScanFindingsPageData[]): void {
  const fields = {
    repositoryName: (p: EcrScanFindingsPageData) => p.repositoryName,
    imageDigest: (p: EcrScanFindingsPageData) => p.imageId?.imageDigest,
    registryId: (p: EcrScanFindingsPageData) => p.registryId,
  };
  for (const [name, read] of Object.entries(fields)) {
    const values = [...new Set(pages.map(read).filter((v) => v !== undefined))];
    if (values.length > 1) {
      throw new InvalidInputError(
        `DescribeImageScanFindings pages are of different images: ${name} ${values.map((v) => quote(v)).join(' and ')}`,
      );
    }
  }
}

function sameStatus(pages: readonly EcrScanFindingsPageData[]): string {
  const statuses = [...new Set(pages.map((p) => p.imageScanStatus?.status))];
  if (statuses.length > 1) {
    const shown = statuses.map((s) => (s === undefined ? 'none' : quote(s))).join(' and ');
    throw new InvalidInputError(`DescribeImageScanFindings pages disagree on the scan status: ${shown}`);
  }
  const status = statuses[0];
  if (status === undefined) {
    throw new InvalidInputError('DescribeImageScanFindings: imageScanStatus.status is missing');
  }
  return status;
}

function firstTimestamp(
  pages: readonly EcrScanFindingsPageData[],
  field: 'imageScanCompletedAt' | 'vulnerabilitySourceUpdatedAt',
): string | undefined {
  const value = pages.map((p) => p.imageScanFindings?.[field]).find((v) => v !== undefined);
  return toIsoTimestamp(value, `DescribeImageScanFindings ${field}`);
}

/** `image 'sha256:…' in 'team/app'`, for messages. */
function describeImage(page: EcrScanFindingsPageData): string {
  const id = page.imageId?.imageDigest ?? page.imageId?.imageTag;
  const repository = page.repositoryName === undefined ? '' : ` in ${quote(page.repositoryName)}`;
  return `${id === undefined ? 'an unnamed image' : `image ${quote(id)}`}${repository}`;
}
