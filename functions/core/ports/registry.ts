/** Where in a registry an image lives: `registry` host (and port) and `repository` path. */
export interface RepositoryLocator {
  readonly registry: string;
  readonly repository: string;
}

/** An OCI content descriptor. */
export interface Descriptor {
  readonly mediaType: string;
  readonly digest: string;
  readonly size: number;
  readonly annotations?: Readonly<Record<string, string>>;
  readonly artifactType?: string;
  readonly platform?: Readonly<{ architecture: string; os: string; variant?: string }>;
}

/** A manifest as the registry holds it: the exact bytes (their SHA-256 is the digest) and media type. */
export interface StoredManifest {
  readonly digest: string;
  readonly mediaType: string;
  readonly bytes: Uint8Array;
}

/** How `pushBlob` finds out whether the repository already has the blob. */
export type BlobPresence =
  /** HEAD first, upload only when missing (the default). */
  | 'check'
  /**
   * Upload without asking: a blob unique to this write (a new signature payload, a new envelope), which
   * the registry almost never has; uploading one it has is harmless, asking first costs a request.
   */
  | 'upload'
  /**
   * A blob many writes share (the empty config `{}`): checked or uploaded once per repository per
   * process, then remembered (forgotten when a manifest PUT in that repository fails).
   */
  | 'shared';

export interface ManifestToPut {
  readonly mediaType: string;
  readonly bytes: Uint8Array;
}

/**
 * The OCI distribution API as image-trust needs it. Adapters authenticate, retry transient failures
 * (429, 5xx) with backoff, verify digests of what they read, and translate HTTP failures into the
 * errors of functions/core/errors.ts.
 */
export interface Registry {
  /** A manifest by tag or digest; `undefined` when the registry has none (404). */
  getManifest(repo: RepositoryLocator, reference: string): Promise<StoredManifest | undefined>;
  /** Stores a manifest under a tag or its digest; returns its digest. */
  putManifest(repo: RepositoryLocator, reference: string, manifest: ManifestToPut): Promise<string>;
  blobExists(repo: RepositoryLocator, digest: string): Promise<boolean>;
  /** A blob, checked against its digest. */
  getBlob(repo: RepositoryLocator, digest: string): Promise<Uint8Array>;
  /** Uploads a blob unless the registry already has it (see BlobPresence); returns its descriptor. */
  pushBlob(
    repo: RepositoryLocator,
    bytes: Uint8Array,
    mediaType: string,
    presence?: BlobPresence,
  ): Promise<Descriptor>;
  /**
   * Uploads a blob whose bytes are still being made (as `pushBlob` with `'upload'`): where the registry
   * client can, the upload is started at once and the bytes sent when they come, which takes a round
   * trip off the wait; `undefined` bytes (nothing to write after all) upload nothing. Optional: use the
   * core's `pushBlobWhenReady` (signing/push-when-ready.ts), which falls back to `pushBlob`.
   */
  pushBlobWhenReady?(
    repo: RepositoryLocator,
    bytes: Promise<Uint8Array | undefined>,
    mediaType: string,
  ): Promise<Descriptor | undefined>;
  listTags(repo: RepositoryLocator): Promise<string[]>;
  /**
   * The referrers of a manifest (OCI 1.1): the referrers API where the registry has one, else the
   * fallback index tagged `sha256-HEX`. Optionally filtered by artifact type.
   */
  referrers(repo: RepositoryLocator, digest: string, artifactType?: string): Promise<Descriptor[]>;
  /**
   * Stores a manifest that has a `subject` and makes it findable as a referrer of that subject: where the
   * registry has no referrers API, adds its descriptor to the fallback index tagged `sha256-HEX` (once).
   */
  putReferrer(repo: RepositoryLocator, manifest: ManifestToPut, subjectDigest: string): Promise<Descriptor>;
}
