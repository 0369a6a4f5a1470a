import type { ContainerImage } from './admission-images';
import type { AdmissionRequest } from './admission-review';

/** Subresources whose changes never pull an image: always allowed, whatever the verdicts. */
export const UNCHECKED_SUBRESOURCES: ReadonlySet<string> = new Set(['scale', 'status']);

/** Operations that never start a container: always allowed. */
export const UNCHECKED_OPERATIONS: ReadonlySet<string> = new Set(['DELETE', 'CONNECT']);

/**
 * Why a request is allowed without looking at its images, or undefined when they must be checked.
 * Updates never block running workloads: DELETE, the scale and status subresources and a request
 * without an object pass whatever the verdicts (what changes on UPDATE is `newImages`' concern).
 */
export function uncheckedBecause(request: AdmissionRequest): string | undefined {
  if (UNCHECKED_OPERATIONS.has(request.operation)) return `${request.operation} starts no container`;
  if (request.subResource !== undefined && UNCHECKED_SUBRESOURCES.has(request.subResource)) {
    return `the ${request.subResource} subresource pulls no image`;
  }
  if (request.object == null) return 'no object';
  return undefined;
}

/**
 * The images to check: on UPDATE only those the old object did not already have (a scale change, a
 * label, annotation or finalizer change, a status update keep the images and so pass); on CREATE all.
 * An old object whose images cannot be read counts as having none (every image is checked).
 */
export function newImages(
  request: AdmissionRequest,
  images: readonly ContainerImage[],
  imagesOfOld: () => readonly ContainerImage[],
): ContainerImage[] {
  if (request.operation !== 'UPDATE' || request.oldObject == null) return [...images];
  let old: ReadonlySet<string>;
  try {
    old = new Set(imagesOfOld().map((c) => c.image));
  } catch {
    old = new Set();
  }
  return images.filter((c) => !old.has(c.image));
}
