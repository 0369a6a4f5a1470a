import { createPublicKey } from 'node:crypto';
import { UpstreamError } from '../errors';
import type { DigestReference } from '../image-reference';
import type { ImageSigning } from '../ports/image-signing';
import type { ScanSummary } from '../scan/scan-summary';
import type { VerdictSignature } from '../verdict/verdict';
import { signImage } from './sign-image';
import type { SigningDeps } from './signing-deps';
import { verifyImage } from './verify-image';

/** The pipeline's ImageSigning over this module's signImage and verifyImage. */
export function imageSigning(deps: SigningDeps): ImageSigning {
  return {
    keyId: deps.signer.keyId,
    async signAndVerify(
      image: DigestReference,
      scan: ScanSummary | undefined,
      signedAt: Date,
      options: { readonly rootOnly?: boolean } = {},
    ): Promise<VerdictSignature> {
      const rootOnly = options.rootOnly === true;
      const signed = await signImage(deps, image, { scan, rootOnly });
      const check = await verifyImage(
        deps.registry,
        createPublicKey(await deps.signer.publicKeyPem()),
        image,
        undefined,
        { rootOnly, notice: deps.onSkipped },
      );
      if (!check.ok) {
        throw new UpstreamError(
          `signatures written for ${image.digest} do not verify: ${check.reasons.join('; ')}`,
          {
            retryable: true,
          },
        );
      }
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
