/** The published signing key: what `cosign verify --key` needs, with the id of the key that signs. */
export interface PublishedPublicKey {
  /** The signing key's id (a KMS key ARN, or a local key's fingerprint). */
  readonly keyId: string;
  /** The public key as PEM SubjectPublicKeyInfo: the contents of `cosign.pub`. */
  readonly pem: string;
}

/**
 * Where the signing key's public half is published. The signer writes it (`put`) when it starts
 * signing with a key; the lookup API only reads it (`get`). One small operation per method, like
 * the VerdictStore; implementations translate their failures into image-trust errors.
 */
export interface PublicKeyStore {
  /** Publishes (or replaces) the public key of the signing key `keyId`. */
  put(keyId: string, pem: string): Promise<void>;
  /** The published key, or undefined when none was published yet. One read. */
  get(): Promise<PublishedPublicKey | undefined>;
}
