import { createHash } from 'node:crypto';
import { InvalidInputError, UpstreamError } from '../../core/errors';
import { isContentDigest } from '../../core/oci/digest';

/** The digest of `bytes` computed with the algorithm that `digest` names. */
export function digestWithAlgorithmOf(digest: string, bytes: Uint8Array): string {
  const algorithm = requireDigest(digest).split(':')[0] as 'sha256' | 'sha512';
  return `${algorithm}:${createHash(algorithm).update(bytes).digest('hex')}`;
}

/** Throws InvalidInputError unless `digest` is a digest this client can check; returns it. */
export function requireDigest(digest: string): string {
  if (!isContentDigest(digest))
    throw new InvalidInputError(`not a supported digest: ${JSON.stringify(digest)}`);
  return digest;
}

/**
 * Checks that `bytes` hash to `expected`. A mismatch means the registry (or something on the way)
 * served other content than was asked for: an upstream failure that trying again will not fix.
 */
export function verifyDigest(expected: string, bytes: Uint8Array, what: string): void {
  const actual = digestWithAlgorithmOf(expected, bytes);
  if (actual !== expected) {
    throw new UpstreamError(`digest mismatch for ${what}: expected ${expected}, received content ${actual}`);
  }
}

/**
 * The tag of the OCI 1.1 referrers tag schema for a subject digest: `<alg>-<hex>`, at most 128
 * characters (what registries without a referrers API hold the referrers index under).
 */
export function referrersFallbackTag(subjectDigest: string): string {
  return requireDigest(subjectDigest).replace(':', '-').slice(0, 128);
}
