/** StartImageScan: a basic scan of one image, once per 24 hours; tests complete it with `scans.set`. */
import { compact, imageIdJson } from '../wire';
import { oneImageInput, parseInput, requireRequestImage, type OperationHandler } from './context';

export const startImageScan: OperationHandler = (body, context) => {
  const request = parseInput(oneImageInput, body);
  const image = requireRequestImage(context, request);
  const scan = context.scans.start(request.repositoryName, image.imageDigest);
  return {
    registryId: context.registryId,
    repositoryName: request.repositoryName,
    imageId: imageIdJson({ imageDigest: image.imageDigest, imageTag: request.imageId.imageTag }),
    imageScanStatus: compact({ status: scan.status, description: scan.description }),
  };
};
