import type { DigestReference } from '../image-reference';
import type { ScanSummary } from '../scan/scan-summary';
import type { SignatureArtifactKind, VerdictSignature } from '../verdict/verdict';
import type { StoredManifest } from './registry';

/** Options of `ImageSigning.signAndVerify`. */
export interface SignAndVerifyOptions {
  /**
   * Sign and check only `image` itself, not the platform manifests of an index (the pipeline signs
   * those when each is verified on its own evidence).
   */
  readonly rootOnly?: boolean;
  /** What to write per subject (the repository's `signatureFormats`); default the signing default. */
  readonly formats?: readonly SignatureArtifactKind[];
  /** The image's manifest as the caller read it in this evaluation: not read again. */
  readonly manifest?: StoredManifest;
  /**
   * What the caller's verdict says is not there yet (no signature recorded; no attestation of this
   * scan): signed while what is there is read. A wrong guess costs a signing call, never a second
   * signature (what is there is still checked first).
   */
  readonly likelyNew?: { readonly signature: boolean; readonly attestation: boolean };
}

/**
 * Signs an image (and its platform manifests) in cosign's formats and checks what was written. Given to
 * the pipeline only where a key is held (the signing function, the local mode): the other functions
 * neither hold kms:Sign nor load the signing code.
 */
export interface ImageSigning {
  readonly keyId: string;
  /**
   * @throws when a signature made does not verify with the key, or the registry refused a write
   *   (retryable: the registry or KMS may lag)
   */
  signAndVerify(
    image: DigestReference,
    scan: ScanSummary | undefined,
    signedAt: Date,
    options?: SignAndVerifyOptions,
  ): Promise<VerdictSignature>;
}
