/**
 * Signs bytes with an ECDSA P-256 key: SHA-256 of `data`, then the signature, DER encoded (what
 * cosign stores base64 in `dev.cosignproject.cosign/signature`). A KMS key never leaves KMS: its
 * adapter hashes locally and asks KMS to sign the digest (MessageType DIGEST).
 */
export interface Signer {
  /** A stable name of the key (a KMS key ARN, or `local:<fingerprint>`), recorded with signatures. */
  readonly keyId: string;
  sign(data: Uint8Array): Promise<Uint8Array>;
  /** The public key as PEM (SubjectPublicKeyInfo), as cosign writes `cosign.pub`. */
  publicKeyPem(): Promise<string>;
}
