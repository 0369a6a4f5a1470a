import { createHash, createPublicKey, verify, type KeyObject } from 'node:crypto';
import { InvalidInputError } from '../errors';

/** Keys parsed lately, by PEM: a signer checks each signature with the same key (a KeyObject is immutable). */
const parsed = new Map<string, KeyObject>();
const PARSED_KEYS = 16;

/** Parses a PEM public key (SPKI), as in `cosign.pub`; parsed once while it is among the last few used. */
export function parsePublicKey(pem: string): KeyObject {
  const known = parsed.get(pem);
  if (known) return known;
  let key: KeyObject;
  try {
    key = createPublicKey({ key: pem, format: 'pem' });
  } catch (cause) {
    throw new InvalidInputError('public key is not a PEM SubjectPublicKeyInfo', { cause });
  }
  if (parsed.size >= PARSED_KEYS) parsed.delete(parsed.keys().next().value as string);
  parsed.set(pem, key);
  return key;
}

/** PEM of a DER SubjectPublicKeyInfo (what KMS GetPublicKey returns). */
export function spkiDerToPem(der: Uint8Array): string {
  return createPublicKey({ key: Buffer.from(der), format: 'der', type: 'spki' })
    .export({ format: 'pem', type: 'spki' })
    .toString();
}

/** Fingerprints by key: a signer names its key in every seal (KeyObjects are immutable). */
const fingerprints = new WeakMap<KeyObject, string>();

/** A short stable name of a public key: hex SHA-256 of its DER SPKI. Used as the sigstore key hint. */
export function publicKeyFingerprint(key: KeyObject | string): string {
  const object = typeof key === 'string' ? parsePublicKey(key) : key;
  const known = fingerprints.get(object);
  if (known !== undefined) return known;
  const fingerprint = createHash('sha256')
    .update(object.export({ format: 'der', type: 'spki' }))
    .digest('hex');
  fingerprints.set(object, fingerprint);
  return fingerprint;
}

/** Whether `signature` (DER ECDSA, or RSA PKCS#1 v1.5) is over SHA-256 of `data` by `key`. */
export function verifiesWith(key: KeyObject, data: Uint8Array, signature: Uint8Array): boolean {
  try {
    return verify('sha256', data, key, signature);
  } catch {
    return false;
  }
}
