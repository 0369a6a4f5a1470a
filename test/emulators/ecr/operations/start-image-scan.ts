/** StartImageScan: a basic scan of one image, once per 24 hours; tests complete it with `scans.set`. */
import { z } from 'zod';
import { compact, imageIdJson } from '../wire';
import {
  imageIdSchema,
  parseInput,
  registryIdSchema,
  repositoryNameSchema,
  requireImage,
  requireRepository,
  type OperationHandler,
} from './context';

const input = z.object({
  registryId: registryIdSchema.optional(),
  repositoryName: repositoryNameSchema,
  imageId: imageIdSchema,
});

export const startImageScan: OperationHandler = (body, context) => {
  const request = parseInput(input, body);
  requireRepository(context, request.repositoryName, request.registryId);
  const image = requireImage(context, request.repositoryName, request.imageId);
  const scan = context.scans.start(request.repositoryName, image.imageDigest);
  return {
    registryId: context.registryId,
    repositoryName: request.repositoryName,
    imageId: imageIdJson({ imageDigest: image.imageDigest, imageTag: request.imageId.imageTag }),
    imageScanStatus: compact({ status: scan.status, description: scan.description }),
  };
};
