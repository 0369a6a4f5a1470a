import { UpstreamError } from '../../core/errors';
import {
  KEY_STATES,
  type KeyState,
  type PublishedKey,
  type PublishedPublicKey,
} from '../../core/ports/public-key-store';
import type { Item } from './verdict-items';

/**
 * The published public key item as the key.
 *
 * @throws UpstreamError when the item is malformed
 */
export function publishedKeyFromItem(item: Item): PublishedPublicKey {
  const { keyId, pem } = item;
  if (typeof keyId !== 'string' || typeof pem !== 'string') {
    throw new UpstreamError('the published public key item is malformed');
  }
  return { keyId, pem };
}

/**
 * The published key set item as its keys.
 *
 * @throws UpstreamError when the item is malformed
 */
export function keySetFromItem(item: Item): readonly PublishedKey[] {
  const keys: unknown = item.keys;
  if (!Array.isArray(keys) || !keys.every(isPublishedKey)) {
    throw new UpstreamError('the published key set item is malformed');
  }
  return keys;
}

function isPublishedKey(value: unknown): value is PublishedKey {
  if (typeof value !== 'object' || value === null) return false;
  const { keyId, state, pem, fingerprint } = value as Record<string, unknown>;
  return (
    typeof keyId === 'string' &&
    typeof pem === 'string' &&
    typeof fingerprint === 'string' &&
    KEY_STATES.includes(state as KeyState)
  );
}
