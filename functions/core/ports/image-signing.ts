import type { DigestReference } from '../image-reference';
import type { ScanSummary } from '../scan/scan-summary';
import type { VerdictSignature } from '../verdict/verdict';

/**
 * Signs an image (and its platform manifests) in cosign's formats and checks what was written. Given to
 * the pipeline only where a key is held (the signing function, the local mode): the other functions
 * neither hold kms:Sign nor load the signing code.
 */
export interface ImageSigning {
  readonly keyId: string;
  /**
   * @param options.rootOnly sign and check only `image` itself, not the platform manifests of an index
   *   (the pipeline signs those when each is verified on its own evidence)
   * @throws when the signatures written do not verify (retryable: the registry may lag)
   */
  signAndVerify(
    image: DigestReference,
    scan: ScanSummary | undefined,
    signedAt: Date,
    options?: { readonly rootOnly?: boolean },
  ): Promise<VerdictSignature>;
}
