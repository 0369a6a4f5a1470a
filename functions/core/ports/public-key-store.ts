/**
 * Where a key stands in a rotation. `active`: signs (exactly one key); `verifying`: no longer (or not
 * yet) signs, but its signatures are trusted; `retired`: listed so verifiers can see it went, trusted
 * by nobody.
 */
export type KeyState = (typeof KEY_STATES)[number];

/** Every KeyState. */
export const KEY_STATES = ['active', 'verifying', 'retired'] as const;

/** The published signing key: what `cosign verify --key` needs, with the id of the key that signs. */
export interface PublishedPublicKey {
  /** The signing key's id (a KMS key ARN, or a local key's fingerprint). */
  readonly keyId: string;
  /** The public key as PEM SubjectPublicKeyInfo: the contents of `cosign.pub`. */
  readonly pem: string;
}

/** One key of the published key set: the active key, or one still (or no longer) trusted. */
export interface PublishedKey extends PublishedPublicKey {
  readonly state: KeyState;
  /** First 16 hex digits of SHA-256 over the DER SPKI (the same for a key's ARN and its alias). */
  readonly fingerprint: string;
}

/**
 * Where the signing keys' public halves are published. The signer writes them (`put`, `putSet`) when
 * it starts; the lookup API only reads them (`get`, `list`). One small operation per method, like
 * the VerdictStore; implementations translate their failures into image-trust errors.
 */
export interface PublicKeyStore {
  /** Publishes (or replaces) the public key of the signing key `keyId`. */
  put(keyId: string, pem: string): Promise<void>;
  /** The published key, or undefined when none was published yet. One read. */
  get(): Promise<PublishedPublicKey | undefined>;
  /** Publishes (or replaces) the whole key set, every key with its state. */
  putSet(keys: readonly PublishedKey[]): Promise<void>;
  /** The published key set, or undefined when none was published yet. One read. */
  list(): Promise<readonly PublishedKey[] | undefined>;
}
