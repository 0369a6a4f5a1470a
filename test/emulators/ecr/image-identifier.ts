/** `ImageIdentifier`: a digest, a tag, or both. */
export interface ImageIdentifier {
  readonly imageDigest?: string;
  readonly imageTag?: string;
}
