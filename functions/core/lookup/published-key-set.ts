import { NotFoundError } from '../errors';
import type { PublishedKey } from '../ports/public-key-store';
import type { LookupDeps } from './lookup-deps';
import { asLookupError, withTimeout } from './with-timeout';

/**
 * Every published signing key with its id and state (the active key, those still trusted, those
 * retired), bounded by `deps.timeoutMs`.
 *
 * @throws NotFoundError when no key set was published yet
 * @throws UpstreamError or ThrottledError when the store fails or is too slow
 */
export async function publishedKeySet(
  deps: Pick<LookupDeps, 'publicKeys' | 'timeoutMs'>,
): Promise<readonly PublishedKey[]> {
  let keys: readonly PublishedKey[] | undefined;
  try {
    keys = await withTimeout(deps.publicKeys.list(), deps.timeoutMs, 'reading the key set');
  } catch (error) {
    throw asLookupError(error, 'reading the key set');
  }
  if (keys === undefined) {
    throw new NotFoundError('no key set has been published yet: the signer publishes it when it starts');
  }
  return keys;
}
