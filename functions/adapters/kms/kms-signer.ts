import { createHash } from 'node:crypto';
import { GetPublicKeyCommand, SignCommand, type KMSClient } from '@aws-sdk/client-kms';
import { InvalidInputError } from '../../core/errors';
import type { Signer } from '../../core/ports/signer';
import { spkiDerToPem } from '../../core/signing/public-key';
import { translateKmsError } from './kms-errors';

/**
 * A KMS key (ECC_NIST_P256, SIGN_VERIFY) as a Signer, signing as cosign does: SHA-256 locally, then
 * KMS Sign with MessageType DIGEST and ECDSA_SHA_256; KMS returns DER, used unchanged. The key never
 * leaves KMS. The public key is fetched once per instance (GetPublicKey) and cached.
 */
export class KmsSigner implements Signer {
  private publicKey?: Promise<string>;

  /** @param keyId a key id, key ARN, `alias/NAME` or alias ARN */
  constructor(
    private readonly client: KMSClient,
    readonly keyId: string,
  ) {}

  async sign(data: Uint8Array): Promise<Uint8Array> {
    const digest = createHash('sha256').update(data).digest();
    try {
      const out = await this.client.send(
        new SignCommand({
          KeyId: this.keyId,
          Message: digest,
          MessageType: 'DIGEST',
          SigningAlgorithm: 'ECDSA_SHA_256',
        }),
      );
      if (!out.Signature) throw new InvalidInputError(`KMS returned no signature for ${this.keyId}`);
      return out.Signature;
    } catch (error) {
      throw translateKmsError(error, `KMS Sign with ${this.keyId}`);
    }
  }

  publicKeyPem(): Promise<string> {
    this.publicKey ??= this.fetchPublicKey().catch((error: unknown) => {
      this.publicKey = undefined;
      throw error;
    });
    return this.publicKey;
  }

  private async fetchPublicKey(): Promise<string> {
    let out;
    try {
      out = await this.client.send(new GetPublicKeyCommand({ KeyId: this.keyId }));
    } catch (error) {
      throw translateKmsError(error, `KMS GetPublicKey of ${this.keyId}`);
    }
    if (out.KeySpec !== 'ECC_NIST_P256' || out.KeyUsage !== 'SIGN_VERIFY' || !out.PublicKey) {
      throw new InvalidInputError(
        `KMS key ${this.keyId} is ${out.KeySpec ?? '?'}/${out.KeyUsage ?? '?'}; image-trust needs ECC_NIST_P256 with SIGN_VERIFY`,
      );
    }
    return spkiDerToPem(out.PublicKey);
  }
}
