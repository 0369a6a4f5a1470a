import { DSSE_ENVELOPE, IN_TOTO, SIGSTORE_BUNDLE_V03, SIMPLE_SIGNING } from '../cosign/media-types';
import { MediaTypes } from '../oci/media-types';
import { isSigstoreArtifactTag } from '../reference/artifact-tags';
import type { ImagePushed } from '../events/pipeline-event';
import { parseManifest } from '../cosign/oci-manifest';
import type { Registry, StoredManifest } from '../ports/registry';
import type { VerdictKey } from '../verdict/verdict';

const SIGSTORE_ARTIFACT_TYPES = [
  SIGSTORE_BUNDLE_V03,
  SIMPLE_SIGNING,
  DSSE_ENVELOPE,
  IN_TOTO,
  MediaTypes.ociEmpty,
];

/** The layer types of signature payloads: simple signing, DSSE envelopes, Sigstore bundles. */
const SIGNATURE_LAYERS = [SIMPLE_SIGNING, DSSE_ENVELOPE, 'application/vnd.dev.sigstore.bundle'];

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
  layers?: readonly { mediaType: string }[];
}): boolean {
  if (manifest.subject !== undefined) return true;
  // cosign's `.sig` and `.att` manifests carry an image config, but their layers are payloads.
  const layers = manifest.layers ?? [];
  if (layers.length > 0 && layers.every((l) => SIGNATURE_LAYERS.some((t) => l.mediaType.startsWith(t))))
    return true;
  const type = manifest.artifactType ?? manifest.config?.mediaType;
  return (
    type !== undefined &&
    SIGSTORE_ARTIFACT_TYPES.some((t) => type === t || type.startsWith('application/vnd.dev.sigstore.bundle'))
  );
}

/**
 * Whether an image named by a scan event or an Inspector finding is one of our own artifacts: by its
 * tags when the event lists them, else by its manifest (a subject, a Sigstore artifact type, or
 * signature layers). Scans and findings of those are skipped before any evaluation, as pushes are.
 */
export async function ownArtifactOf(
  registry: Pick<Registry, 'getManifest'>,
  image: VerdictKey,
  tags: readonly string[] = [],
): Promise<string | undefined> {
  return (await inspectOwnArtifact(registry, image, tags)).own;
}

/**
 * `ownArtifactOf`, also handing back the manifest it read (when it read one), so the evaluation that
 * follows does not read it again.
 */
export async function inspectOwnArtifact(
  registry: Pick<Registry, 'getManifest'>,
  image: VerdictKey,
  tags: readonly string[] = [],
): Promise<{ readonly own?: string; readonly manifest?: StoredManifest }> {
  const tag = tags.find((t) => isSigstoreArtifactTag(t));
  if (tag !== undefined) return { own: `tag ${tag} is a signature artifact` };
  // The manifest is a second opinion: when the registry cannot answer, the evaluation goes on (an
  // untagged artifact is one ECR cannot scan, so it passes only where the policy lets unscanned images).
  const stored = await registry.getManifest(image, image.digest).catch(() => undefined);
  if (stored && isSignatureManifest(parseManifest(stored.bytes)))
    return { own: 'manifest is a signature artifact', manifest: stored };
  return stored ? { manifest: stored } : {};
}
