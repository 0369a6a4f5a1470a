import { ThrottledError, UpstreamError } from '../../core/errors';
import type { SealKeySource } from '../../core/ports/seal-keys';
import { spkiDerToPem } from '../../core/signing/public-key';
import { trustedSealKeys, type TrustedSealKeys } from '../../core/verdict/verdict-seal';
import { AwsJsonClient, type AwsCredentials } from '../aws-http/aws-json-client';
import { translateKmsError } from './kms-errors';

export interface KmsSealKeysOptions {
  /** The deployment's trusted keys (SEAL_KEY_IDS): key ARNs or aliases. */
  readonly keyIds: readonly string[];
  readonly region: string;
  /** Default: KMS's regional endpoint. */
  readonly endpoint?: string;
  /** Default: the environment's (Lambda's). */
  readonly credentials?: AwsCredentials;
  readonly requestTimeoutMs: number;
}

/**
 * The seal keys from KMS: one GetPublicKey per key id, in parallel (the lookup caches the result per
 * container: cachedSealKeys). Compact (AwsJsonClient), so that the lookup's bundle carries no SDK.
 */
export class KmsSealKeys implements SealKeySource {
  private readonly client: AwsJsonClient;

  constructor(private readonly options: KmsSealKeysOptions) {
    this.client = new AwsJsonClient({
      service: 'kms',
      targetPrefix: 'TrentService',
      jsonVersion: '1.1',
      region: options.region,
      requestTimeoutMs: options.requestTimeoutMs,
      ...(options.endpoint === undefined ? {} : { endpoint: options.endpoint }),
      ...(options.credentials === undefined ? {} : { credentials: options.credentials }),
    });
  }

  /** @throws ThrottledError when KMS throttles, UpstreamError for any other failure (a missing key too) */
  async trustedKeys(): Promise<TrustedSealKeys> {
    const pems = await Promise.all(this.options.keyIds.map((keyId) => this.publicKey(keyId)));
    return trustedSealKeys(pems);
  }

  private async publicKey(keyId: string): Promise<string> {
    let out: { PublicKey?: unknown };
    try {
      out = await this.client.call<{ PublicKey?: unknown }>('GetPublicKey', { KeyId: keyId });
    } catch (error) {
      const failure = translateKmsError(error, `reading the public key of ${keyId}`);
      // A missing or forbidden key is the deployment's fault, not the caller's: a 503, never a 404/403.
      if (failure instanceof ThrottledError || failure instanceof UpstreamError) throw failure;
      throw new UpstreamError(failure.message, { cause: failure });
    }
    if (typeof out.PublicKey !== 'string') {
      throw new UpstreamError(`KMS GetPublicKey returned no public key for ${keyId}`);
    }
    return spkiDerToPem(Buffer.from(out.PublicKey, 'base64'));
  }
}
