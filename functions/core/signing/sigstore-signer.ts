import type { Signer as SigstoreSigner } from '@sigstore/sign';
import type { Signer } from '../ports/signer';

/**
 * Lets sigstore-js's bundle builders sign with our Signer port (a KMS key, or the local key).
 *
 * The key hint stays empty: sigstore-js copies it into the DSSE signature's `keyid`, and cosign
 * (sigstore-go) skips signatures whose keyid differs from its own id for the key, so a non-empty
 * hint makes cosign find "0 accepted signatures". cosign's own key-based bundles leave it empty too.
 */
export function toSigstoreSigner(signer: Signer, publicKeyPem: string): SigstoreSigner {
  return {
    sign: async (data: Buffer) => ({
      signature: Buffer.from(await signer.sign(data)),
      key: { $case: 'publicKey', publicKey: publicKeyPem, hint: '' },
    }),
  };
}
