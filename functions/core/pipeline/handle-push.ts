import type { ImagePushed } from '../events/pipeline-event';
import { evaluateImage } from './evaluate-image';
import { parseManifest } from '../cosign/oci-manifest';
import { isIndexMediaType } from '../oci/media-types';
import { isOwnArtifact, isSignatureManifest } from './own-artifacts';
import type { PipelineDeps, PipelineOutcome } from './pipeline-deps';
import type { StoredManifest } from '../ports/registry';
import { record } from './record';

/**
 * A push: skip signature artifacts (or the pipeline loops), record the digest PENDING (a new tag on a
 * decided digest only adds the tag), then start a basic scan where scanning is manual, or, where the
 * scan travels with the image (a Trivy report from CI) or for an index (derived from its platforms),
 * evaluate at once.
 */
export async function handlePush(deps: PipelineDeps, push: ImagePushed): Promise<PipelineOutcome> {
  // The manifest, when read to tell an artifact from an image, is handed on: read once per evaluation.
  let manifest: StoredManifest | undefined;
  const own =
    isOwnArtifact(push) ??
    (await untaggedSignatureManifest(deps, push, (read) => {
      manifest = read;
    }));
  if (own) return { action: 'skipped', detail: own };
  const { verdict, changed } = await record(deps, push.image, {
    type: 'Observed',
    id: push.id,
    at: push.at,
    ...(push.tag ? { tags: [push.tag] } : {}),
  });
  if (verdict.status !== 'PENDING') {
    return { action: changed ? 'recorded' : 'unchanged', status: verdict.status, detail: 'already decided' };
  }
  // An index is never scanned (ECR answers UnsupportedImageTypeException): its verdict is derived from
  // its platforms', so it is evaluated at once (it stays PENDING until they are decided).
  const index = async () => {
    if (push.manifestMediaType !== undefined) return isIndexMediaType(push.manifestMediaType);
    // Events without a media type (older ECR events): look. If the registry fails, start a scan as for
    // an image; the reconciler re-drives the index while it stays PENDING.
    manifest ??= await deps.registry.getManifest(push.image, push.image.digest).catch(() => undefined);
    return manifest !== undefined && isIndexMediaType(manifest.mediaType);
  };
  if (deps.config.scanning.mode === 'trivy-annotation' || (await index())) {
    return evaluateImage(deps, push.image, push, { known: { verdict }, ...(manifest ? { manifest } : {}) });
  }
  if (deps.config.scanning.startScanOnPush && deps.scanStarter) {
    const started = await deps.scanStarter.startScan(push.image);
    return {
      action: 'recorded',
      status: verdict.status,
      detail: `scan ${started.outcome}${started.detail ? `: ${started.detail}` : ''}`,
    };
  }
  return { action: changed ? 'recorded' : 'unchanged', status: verdict.status };
}

/**
 * A push by digest that says nothing of its artifact type (older ECR events, registry notifications):
 * bundle referrers are pushed that way, so look at the manifest itself.
 */
async function untaggedSignatureManifest(
  deps: PipelineDeps,
  push: ImagePushed,
  read: (manifest: StoredManifest | undefined) => void,
): Promise<string | undefined> {
  if (push.tag !== undefined || push.artifactMediaType !== undefined) return undefined;
  const stored = await deps.registry.getManifest(push.image, push.image.digest);
  read(stored);
  if (stored && isSignatureManifest(parseManifest(stored.bytes)))
    return 'manifest is a signature artifact (it has a subject)';
  return undefined;
}
