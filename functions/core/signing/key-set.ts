import type { KeyObject } from 'node:crypto';
import { InvalidInputError } from '../errors';
import type { KeyState, PublishedKey } from '../ports/public-key-store';
import { parsePublicKey, publicKeyFingerprint } from './public-key';

/** A key of the set before publication: its id and state, and how to get its public half. */
export interface KeySetMember {
  /** The KMS key ARN or alias, or `local:<fingerprint>`. */
  readonly keyId: string;
  readonly state: KeyState;
  publicKeyPem(): Promise<string>;
}

/** First 16 hex digits of SHA-256 over the key's DER SPKI: a stable id that needs no KMS. */
export function shortFingerprint(pem: string): string {
  return publicKeyFingerprint(pem).slice(0, 16);
}

/**
 * Reads every member's public key and checks the set: exactly one active key, no key named twice,
 * no public key listed twice. Returns the set as it is published, and its active key.
 *
 * @throws InvalidInputError when the set breaks one of these rules or a key is not a PEM public key
 */
export async function resolveKeySet(
  members: readonly KeySetMember[],
): Promise<{ readonly keys: readonly PublishedKey[]; readonly active: PublishedKey }> {
  const keys = await Promise.all(
    members.map(async (m): Promise<PublishedKey> => {
      const pem = await m.publicKeyPem();
      return { keyId: m.keyId, state: m.state, pem, fingerprint: shortFingerprint(pem) };
    }),
  );
  for (const field of ['keyId', 'fingerprint'] as const) {
    const seen = new Set<string>();
    for (const key of keys) {
      if (seen.has(key[field])) throw new InvalidInputError(`the key set lists ${key[field]} twice`);
      seen.add(key[field]);
    }
  }
  const [active, ...more] = keys.filter((k) => k.state === 'active');
  if (active === undefined || more.length > 0) {
    throw new InvalidInputError(
      `a key set needs exactly one active key, not ${more.length + (active ? 1 : 0)}`,
    );
  }
  return { keys, active };
}

/** The keys whose signatures are trusted: every key of the set that is not retired. */
export function trustedKeys(keys: readonly PublishedKey[]): KeyObject[] {
  return keys.filter((k) => k.state !== 'retired').map((k) => parsePublicKey(k.pem));
}
