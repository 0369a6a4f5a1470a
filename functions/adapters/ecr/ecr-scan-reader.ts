import { paginateDescribeImageScanFindings, type ECRClient } from '@aws-sdk/client-ecr';
import type { ScanReader } from '../../core/ports/scan-reader';
import { parseEcrRegistry } from '../../core/reference/ecr-registry';
import { fromEcrScanFindings } from '../../core/scan/from-ecr-scan-findings';
import type { EcrScanFindingsPage } from '../../core/scan/ecr-scan-findings-page';
import type { ScanSummary } from '../../core/scan/scan-summary';
import type { VerdictKey } from '../../core/verdict/verdict';
import type { EcrClientForRegion } from './ecr-credential-provider';
import { translateEcrError } from './ecr-errors';

/**
 * Reads an image's scan from ECR's DescribeImageScanFindings, every page (basic findings, or Inspector's
 * enhanced findings through the same API). No scan yet (ScanNotFound, IN_PROGRESS) is `undefined`;
 * a FAILED or unsupported scan is a ScanUnusableError, never a clean result.
 */
export class EcrScanReader implements ScanReader {
  private readonly clientFor: EcrClientForRegion;

  constructor(client: ECRClient | EcrClientForRegion) {
    this.clientFor = typeof client === 'function' ? client : () => client;
  }

  async readScan(image: VerdictKey): Promise<ScanSummary | undefined> {
    const ecr = parseEcrRegistry(image.registry);
    const pages: EcrScanFindingsPage[] = [];
    try {
      const paginator = paginateDescribeImageScanFindings(
        { client: this.clientFor(ecr?.region), pageSize: 1000 },
        {
          registryId: ecr?.accountId,
          repositoryName: image.repository,
          imageId: { imageDigest: image.digest },
        },
      );
      for await (const page of paginator) pages.push(page);
    } catch (error) {
      const name = (error as { name?: string }).name;
      if (name === 'ScanNotFoundException') return undefined;
      throw translateEcrError(error, `DescribeImageScanFindings of ${image.repository}@${image.digest}`);
    }
    return fromEcrScanFindings(pages);
  }
}
