/**
 * Image references and digests: parsing and checking `registry/repository[:tag][@sha256:hex]`, the
 * canonical forms, cosign's artifact tags, and ECR registry hosts and repository ARNs. Pure: no I/O,
 * no AWS SDK. Every rejection is an InvalidReferenceError whose message names the problem.
 */
export {
  parseImageReference,
  type ParseImageReferenceOptions,
  type ParsedImageReference,
} from './parse-image-reference';
export { parseDigestReference, requireDigest } from './require-digest';
export { canonicalReference, familiarReference, repositoryName } from './canonical';
export { formatReference, normaliseReference } from './normalise-reference';
export { digestHex, isDigest, parseDigest, type Sha256Digest } from '../oci/digest';
export {
  attestationTag,
  isSigstoreArtifactTag,
  parseSigstoreArtifactTag,
  referrersFallbackTag,
  sbomTag,
  signatureTag,
  type SigstoreArtifactKind,
  type SigstoreArtifactTag,
} from './artifact-tags';
export {
  ecrRegistryHost,
  isEcrRegistry,
  parseEcrRegistry,
  type EcrRegistry,
  type EcrRegistryHostOptions,
} from './ecr-registry';
export { repositoryFromArn, type EcrRepositoryName } from './repository-arn';
export {
  AWS_PARTITIONS,
  isAccountId,
  isAwsPartition,
  isRegion,
  partitionOfRegion,
  type AwsPartition,
} from './aws-partition';
export { DOCKER_HUB_REGISTRY } from './docker-hub';
export { DEFAULT_MAX_REFERENCE_LENGTH, MAX_NAME_LENGTH, MAX_TAG_LENGTH } from './grammar';
