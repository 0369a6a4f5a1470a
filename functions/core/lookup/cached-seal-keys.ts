import { UpstreamError } from '../errors';
import type { SealKeySource } from '../ports/seal-keys';
import type { TrustedSealKeys } from '../verdict/verdict-seal';

/**
 * `source` read once per container: the first set of keys it yields is kept for good (a deployment's
 * keys change only with a new deployment, which starts new containers). Concurrent first callers share
 * one read. A failure, or an empty set, is never kept: the next call asks again.
 */
export function cachedSealKeys(source: SealKeySource): SealKeySource {
  let kept: TrustedSealKeys | undefined;
  let inFlight: Promise<TrustedSealKeys> | undefined;
  const load = async (): Promise<TrustedSealKeys> => {
    try {
      const keys = await source.trustedKeys();
      if (keys.size === 0) throw new UpstreamError('no trusted seal key: the deployment names none');
      kept = keys;
      return keys;
    } finally {
      inFlight = undefined;
    }
  };
  return {
    trustedKeys: () => (kept === undefined ? (inFlight ??= load()) : Promise.resolve(kept)),
  };
}

/** A fixed set of keys (the local mode's key, tests). */
export function staticSealKeys(keys: TrustedSealKeys): SealKeySource {
  return { trustedKeys: () => Promise.resolve(keys) };
}
