import { createHash } from 'node:crypto';
import { InvalidReferenceError } from '../errors';
import { quote } from '../reference/quote';

/** A content digest as image-trust accepts it: `sha256:` and 64 lower-case hex characters. */
export type Sha256Digest = `sha256:${string}`;

const SHA256_DIGEST = /^sha256:[0-9a-f]{64}$/;
/** What content can be checked against: sha256 or sha512, lower-case hex. */
const CONTENT_DIGEST = /^(sha256:[a-f0-9]{64}|sha512:[a-f0-9]{128})$/;
/** The algorithm grammar of the OCI image spec (`algorithm-component` joined by separators). */
const ALGORITHM = /^[a-z0-9]+(?:[+._-][a-z0-9]+)*$/i;
const HEX_LENGTH = 64;

/** Whether `value` is a sha256 digest exactly as image-trust accepts it. Never throws. */
export function isDigest(value: unknown): value is Sha256Digest {
  return typeof value === 'string' && SHA256_DIGEST.test(value);
}

/**
 * Whether `value` is a digest whose content can be checked: `sha256:` + 64 or `sha512:` + 128 lower-case
 * hex. Wider than `isDigest`: a registry may serve content by a sha512 digest, which the registry client
 * verifies, though image-trust names images by sha256 only.
 */
export function isContentDigest(value: string): boolean {
  return CONTENT_DIGEST.test(value);
}

/** `sha256:` and the hex SHA-256 of the bytes: their OCI content digest. */
export function sha256Digest(bytes: Uint8Array): Sha256Digest {
  return `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
}

/**
 * Checks a digest: only `sha256:` followed by 64 lower-case hex characters is accepted. Upper-case hex,
 * other algorithms, shortened hex (AWS documentation samples carry 60 characters) and placeholders
 * ending in `EXAMPLE` are rejected with a message that says which.
 *
 * @throws InvalidReferenceError
 */
export function parseDigest(value: string): Sha256Digest {
  if (isDigest(value)) {
    return value;
  }
  if (typeof value !== 'string') {
    const kind: string = value === null ? 'null' : typeof value;
    throw new InvalidReferenceError(`digest must be a string, not ${kind}`);
  }
  throw new InvalidReferenceError(`digest ${quote(value)} ${digestProblem(value) ?? 'is invalid'}`);
}

/** The 64 hex characters of a digest, without `sha256:`. */
export function digestHex(digest: string): string {
  return parseDigest(digest).slice('sha256:'.length);
}

/**
 * What is wrong with a digest, as a phrase that follows "digest '...'"; undefined when it is valid.
 * Used by the reference parser to word its own messages.
 */
export function digestProblem(value: unknown): string | undefined {
  if (typeof value !== 'string') {
    return 'is not a string';
  }
  if (isDigest(value)) {
    return undefined;
  }
  if (value.length === 0) {
    return 'is empty';
  }
  const colon = value.indexOf(':');
  if (colon < 0) {
    return /^[0-9a-f]+$/i.test(value)
      ? `has no algorithm: write it as 'sha256:${value.length > 8 ? `${value.slice(0, 8)}…` : value}'`
      : "is not of the form 'sha256:' and 64 hex characters";
  }
  const algorithm = value.slice(0, colon);
  const hex = value.slice(colon + 1);
  if (algorithm !== 'sha256') {
    if (algorithm.toLowerCase() === 'sha256') {
      return "names its algorithm in upper case: write 'sha256:'";
    }
    return ALGORITHM.test(algorithm)
      ? `uses the algorithm ${quote(algorithm)}; only sha256 is accepted`
      : `has no valid algorithm before ':'; expected 'sha256:' and 64 hex characters`;
  }
  return hexProblem(hex);
}

function hexProblem(hex: string): string | undefined {
  if (/example/i.test(hex)) {
    return "is a placeholder from AWS documentation (it contains 'EXAMPLE'), not the digest of a real image";
  }
  if (hex.length === 0) {
    return "has no hex characters after 'sha256:'";
  }
  const bad = /[^0-9a-fA-F]/.exec(hex);
  if (bad !== null) {
    return `has ${quote(bad[0])} at hex character ${bad.index + 1}; a digest is hex (0-9, a-f)`;
  }
  if (/[A-F]/.test(hex)) {
    return 'has upper-case hex characters; digests are written in lower case (0-9, a-f)';
  }
  if (hex.length !== HEX_LENGTH) {
    const shortened = hex.length < HEX_LENGTH ? ' (shortened, as in AWS documentation samples?)' : '';
    return `has ${hex.length} hex characters; a sha256 digest has exactly ${HEX_LENGTH}${shortened}`;
  }
  return undefined;
}
