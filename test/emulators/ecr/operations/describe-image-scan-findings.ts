/**
 * DescribeImageScanFindings: the scan of one image, findings paged by `nextToken`. Basic findings come
 * `maxResults` (1-1000, default 100) at a time; enhanced pages hold at most 100 whatever was asked.
 */
import { z } from 'zod';
import { ecrErrors } from '../errors';
import { compact, decodeNextToken, epochSeconds, imageIdJson, page, type Json } from '../wire';
import { oneImageInput, parseInput, requireRequestImage, type OperationHandler } from './context';

const input = oneImageInput.extend({
  nextToken: z.string().optional(),
  maxResults: z.int().min(1).max(1000).optional(),
});

/** Page size when the request sets no `maxResults`, and the cap of enhanced pages. */
export const DEFAULT_PAGE_SIZE = 100;
export const ENHANCED_PAGE_LIMIT = 100;

export const describeImageScanFindings: OperationHandler = (body, context) => {
  const request = parseInput(input, body);
  const image = requireRequestImage(context, request);
  // An index is never scanned (scannability.ts), so it has no scan to describe: ScanNotFoundException.
  const scan = context.scans.get(request.repositoryName, image.imageDigest);
  if (!scan) throw ecrErrors.scanNotFound(context.registryId, request.repositoryName, request.imageId);

  let findingsPage: { items: Json[]; nextToken?: string } | undefined;
  if (scan.findings) {
    const asked = request.maxResults ?? DEFAULT_PAGE_SIZE;
    const size = scan.kind === 'ENHANCED' ? Math.min(asked, ENHANCED_PAGE_LIMIT) : asked;
    const scope = `DescribeImageScanFindings/${request.repositoryName}@${image.imageDigest}`;
    findingsPage = page(scan.findings, decodeNextToken(request.nextToken, scope), size, scope);
  }
  const seconds = (ms: number | undefined) => (ms === undefined ? undefined : epochSeconds(ms));
  return compact({
    registryId: context.registryId,
    repositoryName: request.repositoryName,
    imageId: imageIdJson(request.imageId),
    imageScanStatus: compact({ status: scan.status, description: scan.description }),
    imageScanFindings: findingsPage
      ? compact({
          imageScanCompletedAt: seconds(scan.imageScanCompletedAt),
          vulnerabilitySourceUpdatedAt: seconds(scan.vulnerabilitySourceUpdatedAt),
          findingSeverityCounts: scan.findingSeverityCounts ? { ...scan.findingSeverityCounts } : undefined,
          [scan.kind === 'ENHANCED' ? 'enhancedFindings' : 'findings']: findingsPage.items,
        })
      : undefined,
    nextToken: findingsPage?.nextToken,
  });
};
