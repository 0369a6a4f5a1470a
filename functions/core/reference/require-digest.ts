import { InvalidReferenceError } from '../errors';
import type { DigestReference, ImageReference } from '../image-reference';
import { canonicalReference, familiarReference } from './canonical';
import { parseDigest } from '../oci/digest';
import { formatReference } from './normalise-reference';
import {
  parseImageReference,
  type ParseImageReferenceOptions,
  type ParsedImageReference,
} from './parse-image-reference';
import { quote } from './quote';

/**
 * Narrows a reference to one that names an image by digest. Where a digest is required (signing,
 * admission) a tag is not enough: it can be moved to other content at any time.
 *
 * @returns the same reference (all its fields kept), typed as having a digest
 * @throws InvalidReferenceError when there is no digest, saying how to find it, or when the digest is
 * not a sha256 digest
 */
export function requireDigest<T extends ImageReference>(ref: T): T & DigestReference {
  if (ref.digest === undefined) {
    const shown = shownAs(ref);
    throw new InvalidReferenceError(
      `image reference ${quote(shown)} has no digest: a digest (@sha256:...) is required; ` +
        `find it with \`image-trust resolve ${shown}\``,
    );
  }
  try {
    return { ...ref, digest: parseDigest(ref.digest) };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new InvalidReferenceError(`image reference ${quote(shownAs(ref))}: ${reason}`, { cause: error });
  }
}

/**
 * Parses a reference and requires a digest: `parseImageReference` then `requireDigest`.
 *
 * @throws InvalidReferenceError
 */
export function parseDigestReference(
  input: string,
  options: ParseImageReferenceOptions = {},
): ParsedImageReference & DigestReference {
  return requireDigest(parseImageReference(input, options));
}

/** The reference as the person probably wrote it: short when Docker Hub was implied. */
function shownAs(ref: ImageReference): string {
  try {
    const implied = 'registryImplied' in ref && ref.registryImplied === true;
    return implied ? familiarReference(ref) : canonicalReference(ref);
  } catch {
    return formatReference(ref);
  }
}
