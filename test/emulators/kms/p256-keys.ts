import { p256 } from '@noble/curves/nist.js';

/**
 * ECDSA on NIST P-256 as KMS does it for an ECC_NIST_P256 key. Signing and verification take the
 * 32-byte SHA-256 hash itself (`prehash: false`): a DIGEST request is signed exactly as given, and a
 * RAW request is hashed once by the caller of these functions. node:crypto is not used here because
 * it always hashes the input of an ECDSA signature.
 */

/** DER prefix of a SubjectPublicKeyInfo for an uncompressed P-256 point (id-ecPublicKey, prime256v1). */
const SPKI_P256_PREFIX = Buffer.from('3059301306072a8648ce3d020106082a8648ce3d030107034200', 'hex');

/** Length of a SHA-256 hash, the only digest length ECDSA_SHA_256 accepts. */
export const SHA256_BYTES = 32;

/** Makes a new random P-256 secret key (32 bytes). */
export function newSecretKey(): Uint8Array {
  return p256.utils.randomSecretKey();
}

/** Tells whether bytes are a valid P-256 secret key (used when keys are loaded from a file). */
export function isValidSecretKey(secretKey: Uint8Array): boolean {
  return p256.utils.isValidSecretKey(secretKey);
}

/** The public key of a secret key as KMS's GetPublicKey returns it: DER SubjectPublicKeyInfo. */
export function publicKeySpki(secretKey: Uint8Array): Buffer {
  const point = p256.getPublicKey(secretKey, false);
  return Buffer.concat([SPKI_P256_PREFIX, point]);
}

/**
 * Signs a SHA-256 hash without hashing it again. The DER signature is randomised (a new one every
 * call) and not normalised to low S, as KMS's are: callers must not expect either property.
 */
export function signDigest(secretKey: Uint8Array, digest: Uint8Array): Buffer {
  const signature = p256.sign(digest, secretKey, {
    prehash: false,
    format: 'der',
    lowS: false,
    extraEntropy: true,
  });
  return Buffer.from(signature);
}

/** Verifies a DER signature over a SHA-256 hash (not hashed again); high S accepted, as KMS does. */
export function verifyDigest(secretKey: Uint8Array, digest: Uint8Array, signature: Uint8Array): boolean {
  try {
    const publicKey = p256.getPublicKey(secretKey, false);
    return p256.verify(signature, digest, publicKey, { prehash: false, format: 'der', lowS: false });
  } catch {
    return false; // not DER, or not a point/scalar of the curve
  }
}
