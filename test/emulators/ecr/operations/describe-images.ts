/**
 * DescribeImages: `imageDetails` of a repository from the emulator's catalogue, by id or paged
 * (`maxResults` 1-1000, default 100, `nextToken`; not both `imageIds` and `maxResults`). Source:
 * https://docs.aws.amazon.com/sdk-for-kotlin/api/latest/ecr/aws.sdk.kotlin.services.ecr.model/-describe-images-request/max-results.html
 * ("This value can be between 1 and 1000. If this parameter is not used, then DescribeImages returns
 * up to 100 results and a nextToken value, if applicable. This option cannot be used when you specify
 * images with imageIds.")
 */
import { z } from 'zod';
import { ecrErrors } from '../errors';
import type { ImageRecord } from '../images';
import { compact, decodeNextToken, epochSeconds, page, type JsonObject } from '../wire';
import {
  imageIdSchema,
  parseInput,
  registryIdSchema,
  repositoryNameSchema,
  requireImage,
  requireRepository,
  type EcrContext,
  type OperationHandler,
} from './context';

const input = z.object({
  registryId: registryIdSchema.optional(),
  repositoryName: repositoryNameSchema,
  imageIds: z.array(imageIdSchema).min(1).max(100).optional(),
  nextToken: z.string().optional(),
  maxResults: z.int().min(1).max(1000).optional(),
  filter: z.object({ tagStatus: z.enum(['TAGGED', 'UNTAGGED', 'ANY']).optional() }).optional(),
});

export const describeImages: OperationHandler = (body, context) => {
  const request = parseInput(input, body);
  requireRepository(context, request.repositoryName, request.registryId);
  if (request.imageIds && (request.maxResults !== undefined || request.nextToken !== undefined))
    throw ecrErrors.invalidParameter(
      'Invalid parameter: maxResults and nextToken cannot be used with imageIds',
    );
  if (request.imageIds) {
    // ECR answers ImageNotFoundException when any of the ids names no image.
    const images = request.imageIds.map((id) => requireImage(context, request.repositoryName, id));
    const unique = [...new Map(images.map((i) => [i.imageDigest, i])).values()];
    return { imageDetails: unique.map((i) => imageDetail(context, i)) };
  }
  const tagStatus = request.filter?.tagStatus ?? 'ANY';
  const images = context.images
    .list(request.repositoryName)
    .filter((i) => tagStatus === 'ANY' || i.imageTags.length > 0 === (tagStatus === 'TAGGED'));
  const scope = `DescribeImages/${request.repositoryName}/${tagStatus}`;
  const offset = decodeNextToken(request.nextToken, scope);
  const result = page(images, offset, request.maxResults ?? 100, scope);
  return compact({
    imageDetails: result.items.map((i) => imageDetail(context, i)),
    nextToken: result.nextToken,
  });
};

function imageDetail(context: EcrContext, image: ImageRecord): JsonObject {
  const scan = context.scans.get(image.repositoryName, image.imageDigest);
  const completed = scan?.status === 'COMPLETE' && scan.imageScanCompletedAt !== undefined;
  return compact({
    registryId: context.registryId,
    repositoryName: image.repositoryName,
    imageDigest: image.imageDigest,
    imageTags: image.imageTags.length > 0 ? [...image.imageTags] : undefined,
    imageSizeInBytes: image.imageSizeInBytes,
    imagePushedAt: epochSeconds(image.imagePushedAt),
    imageScanStatus: scan ? compact({ status: scan.status, description: scan.description }) : undefined,
    imageScanFindingsSummary:
      completed && scan
        ? compact({
            imageScanCompletedAt: epochSeconds(scan.imageScanCompletedAt as number),
            vulnerabilitySourceUpdatedAt:
              scan.vulnerabilitySourceUpdatedAt === undefined
                ? undefined
                : epochSeconds(scan.vulnerabilitySourceUpdatedAt),
            findingSeverityCounts: scan.findingSeverityCounts ? { ...scan.findingSeverityCounts } : undefined,
          })
        : undefined,
    imageManifestMediaType: image.imageManifestMediaType,
    artifactMediaType: image.artifactMediaType,
    imageStatus: 'ACTIVE',
  });
}
