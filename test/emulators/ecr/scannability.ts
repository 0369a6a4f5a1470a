/**
 * Which images ECR's scanners can read, with the AWS page that says so beside each rule. The
 * emulator's scan operations and its scan-on-push follow these rules, so no test can give an image
 * a scan that ECR would never produce.
 */
import { isIndexType, type ImageRecord } from './images';

/**
 * ECR scans image manifests, never an image index: StartImageScan on an index answers
 * UnsupportedImageTypeException ("The image is of a type that cannot be scanned"), and an index has no
 * scan, so DescribeImageScanFindings answers ScanNotFoundException. Each platform manifest is scanned,
 * and reported, on its own.
 * Sources: https://docs.aws.amazon.com/AWSJavaScriptSDK/v3/latest/client/ecr/command/StartImageScanCommand
 * (errors: UnsupportedImageTypeException), https://docs.aws.amazon.com/botocore/latest/reference/services/ecr/client/exceptions/ScanNotFoundException.html
 * and /work/shared/FACTS.md §4 ("ECR scanning is per image manifest, never per index").
 */
export function isIndex(image: Pick<ImageRecord, 'imageManifestMediaType'>): boolean {
  return isIndexType(image.imageManifestMediaType);
}

/** Container image configs: what a vulnerability scanner unpacks. */
const IMAGE_CONFIGS = new Set([
  'application/vnd.docker.container.image.v1+json',
  'application/vnd.oci.image.config.v1+json',
]);

/** Filesystem layers (tar, optionally compressed): anything else is an artifact's payload. */
const FILESYSTEM_LAYER =
  /^application\/vnd\.(?:oci\.image\.layer\.v1\.tar|docker\.image\.rootfs\.(?:foreign\.)?diff\.tar)/;

/**
 * Whether ECR's scanner can read an image at all. An artifact (a non-image config such as cosign's
 * bundles, or layers that are not filesystems such as a `.sig` manifest's simple-signing payload or an
 * `.att` manifest's DSSE envelope) has no operating system to scan: the scan on push ends
 * UNSUPPORTED_IMAGE and StartImageScan answers UnsupportedImageTypeException.
 * Sources: https://docs.aws.amazon.com/AmazonECR/latest/APIReference/API_ImageScanStatus.html
 * (status UNSUPPORTED_IMAGE) and https://docs.aws.amazon.com/AmazonECR/latest/userguide/image-scanning-troubleshooting.html
 * ("UnsupportedImageError ... an operating system that Amazon ECR doesn't support basic image
 * scanning for"; an image built FROM scratch has none). An image whose operating system the scanner
 * does not know looks like any other here: a test marks it with `scans.set(..., UNSUPPORTED_IMAGE)`.
 */
export function isScannable(
  image: Pick<ImageRecord, 'imageManifestMediaType' | 'artifactMediaType' | 'layerMediaTypes'>,
): boolean {
  if (isIndex(image)) return false;
  if (image.artifactMediaType === undefined || !IMAGE_CONFIGS.has(image.artifactMediaType)) return false;
  return (image.layerMediaTypes ?? []).every((type) => FILESYSTEM_LAYER.test(type));
}
