import { DSSE_ENVELOPE, IN_TOTO, SIGSTORE_BUNDLE_V03, SIMPLE_SIGNING } from '../cosign/media-types';
import { MediaTypes } from '../oci/media-types';
import { isSigstoreArtifactTag } from '../reference/artifact-tags';
import type { ImagePushed } from '../events/pipeline-event';

const SIGSTORE_ARTIFACT_TYPES = [
  SIGSTORE_BUNDLE_V03,
  SIMPLE_SIGNING,
  DSSE_ENVELOPE,
  IN_TOTO,
  MediaTypes.ociEmpty,
];

/**
 * Whether a push is one of the signature artifacts that image-trust (or cosign) writes: a `.sig`,
 * `.att` or `.sbom` tag, the referrers fallback index `sha256-HEX`, or a manifest whose artifact type
 * is a Sigstore one (bundle referrers are pushed by digest, without a tag). Signing those would loop.
 */
export function isOwnArtifact(
  push: Pick<ImagePushed, 'tag' | 'artifactMediaType' | 'manifestMediaType'>,
): string | undefined {
  if (push.tag !== undefined && isSigstoreArtifactTag(push.tag))
    return `tag ${push.tag} is a signature artifact`;
  const type = push.artifactMediaType;
  if (
    type &&
    SIGSTORE_ARTIFACT_TYPES.some((t) => type === t || type.startsWith('application/vnd.dev.sigstore.bundle'))
  ) {
    return `artifact type ${type} is a signature artifact`;
  }
  return undefined;
}

/** The same test on a manifest read from the registry (local mode, where notifications carry less). */
export function isSignatureManifest(manifest: {
  artifactType?: string;
  config?: { mediaType: string };
  subject?: unknown;
}): boolean {
  if (manifest.subject !== undefined) return true;
  const type = manifest.artifactType ?? manifest.config?.mediaType;
  return (
    type !== undefined &&
    SIGSTORE_ARTIFACT_TYPES.some((t) => type === t || type.startsWith('application/vnd.dev.sigstore.bundle'))
  );
}
