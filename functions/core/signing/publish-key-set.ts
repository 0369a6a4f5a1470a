import type { PublicKeyStore, PublishedKey } from '../ports/public-key-store';
import { resolveKeySet, type KeySetMember } from './key-set';

/**
 * Publishes the key set: every key with its id, state and PEM (`GET /v1/public-keys`), and the active
 * key alone as before (`GET /v1/public-key`, cosign.pub). The signer calls it when it starts.
 *
 * @throws InvalidInputError when the set has not exactly one active key or names a key twice
 */
export async function publishKeySet(
  store: PublicKeyStore,
  members: readonly KeySetMember[],
): Promise<readonly PublishedKey[]> {
  const { keys, active } = await resolveKeySet(members);
  await store.putSet(keys);
  await store.put(active.keyId, active.pem);
  return keys;
}
