/**
 * An image reference: `registry/repository[:tag][@sha256:hex]`. Parsing and the canonical form live in
 * functions/core/reference/. A tag is never an identity: only `DigestReference` names an image.
 */
export interface ImageReference {
  /** Host and optional port, lower case: `123456789012.dkr.ecr.us-east-1.amazonaws.com`, `127.0.0.1:5000`. */
  readonly registry: string;
  /** Path within the registry, lower case: `team/app`. */
  readonly repository: string;
  readonly tag?: string;
  /** `sha256:` and 64 lower-case hex characters. */
  readonly digest?: string;
}

export interface DigestReference extends ImageReference {
  readonly digest: string;
}
