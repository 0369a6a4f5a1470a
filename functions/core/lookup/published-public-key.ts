import { NotFoundError } from '../errors';
import type { PublishedPublicKey } from '../ports/public-key-store';
import type { LookupDeps } from './lookup-deps';
import { asLookupError, withTimeout } from './with-timeout';

/**
 * The public key images are signed with (`cosign.pub`), bounded by `deps.timeoutMs`.
 *
 * @throws NotFoundError when no key was published yet
 * @throws UpstreamError or ThrottledError when the store fails or is too slow
 */
export async function publishedPublicKey(
  deps: Pick<LookupDeps, 'publicKeys' | 'timeoutMs'>,
): Promise<PublishedPublicKey> {
  let key: PublishedPublicKey | undefined;
  try {
    key = await withTimeout(deps.publicKeys.get(), deps.timeoutMs, 'reading the public key');
  } catch (error) {
    throw asLookupError(error, 'reading the public key');
  }
  if (key === undefined) {
    throw new NotFoundError(
      'no signing key has been published yet: the signer publishes it when it first signs',
    );
  }
  return key;
}
