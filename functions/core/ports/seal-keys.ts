import type { TrustedSealKeys } from '../verdict/verdict-seal';

/**
 * Where a lookup gets the public keys it trusts for verdict seals: the deployment's signing keys (from
 * KMS by their ARNs, or the local key), never the verdict table, which a seal exists to distrust.
 */
export interface SealKeySource {
  /**
   * The trusted keys, by fingerprint.
   *
   * @throws UpstreamError (or ThrottledError) when they cannot be had: every VERIFIED answer is then denied
   */
  trustedKeys(): Promise<TrustedSealKeys>;
}
