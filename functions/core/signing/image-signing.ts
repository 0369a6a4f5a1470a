import type { DigestReference } from '../image-reference';
import type { ImageSigning, SignAndVerifyOptions } from '../ports/image-signing';
import type { ScanSummary } from '../scan/scan-summary';
import type { VerdictSignature } from '../verdict/verdict';
import { signImage } from './sign-image';
import type { SigningDeps } from './signing-deps';

/**
 * The pipeline's ImageSigning over this module's signImage.
 *
 * What "verify" means here, honestly: nothing is read back after writing. Every signature is checked
 * against the signer's public key in memory before it is written (signImage's writers), a signature
 * already there counts only when it verifies with that key over exactly our payload, and a write counts
 * only when the registry accepted it (the manifest PUT answered with the bytes' digest, which a registry
 * refuses while a blob it names is missing; a bundle referrer listed by `OCI-Subject` or in the fallback
 * index read back). That proves what was written and that the registry took it at that moment. It does
 * not prove that the tag still resolves to it later: anyone with push rights may overwrite `.sig` at any
 * time, and the old read-back (9 more requests per image) could not prove that either. The lookup
 * answers from the verdict; verifiers at admission read the registry themselves.
 */
export function imageSigning(deps: SigningDeps): ImageSigning {
  return {
    keyId: deps.signer.keyId,
    async signAndVerify(
      image: DigestReference,
      scan: ScanSummary | undefined,
      signedAt: Date,
      options: SignAndVerifyOptions = {},
    ): Promise<VerdictSignature> {
      const signed = await signImage(deps, image, {
        scan,
        rootOnly: options.rootOnly === true,
        ...(options.formats ? { formats: options.formats } : {}),
        ...(options.manifest ? { manifest: options.manifest } : {}),
        ...(options.likelyNew ? { likelyNew: options.likelyNew } : {}),
      });
      return {
        keyId: signed.keyId,
        signedDigests: signed.signedDigests,
        artifacts: signed.artifacts.map(({ kind, subjectDigest, location }) => ({
          kind,
          subjectDigest,
          location,
        })),
        signedAt: signedAt.toISOString(),
      };
    },
  };
}
