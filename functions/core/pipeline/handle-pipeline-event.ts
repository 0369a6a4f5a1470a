import type { ImageDeleted, PipelineEvent } from '../events/pipeline-event';
import { spreadToIndexes } from './derive-index';
import { evaluateImage, rejectWith } from './evaluate-image';
import { handleFinding } from './handle-finding';
import { handlePush } from './handle-push';
import { inspectOwnArtifact, ownArtifactOf } from './own-artifacts';
import type { PipelineDeps, PipelineOutcome } from './pipeline-deps';
import { record } from './record';
import { resealImage } from './reseal-image';

/** Routes one pipeline event to its use case. */
export async function handlePipelineEvent(
  deps: PipelineDeps,
  event: PipelineEvent,
): Promise<PipelineOutcome> {
  switch (event.type) {
    case 'ImagePushed':
      return handlePush(deps, event);
    case 'ImageDeleted':
      return handleDelete(deps, event);
    case 'ScanCompleted': {
      const { own, manifest } = await inspectOwnArtifact(deps.registry, event.image, event.tags);
      if (own) return { action: 'skipped', detail: own };
      const read = manifest ? { manifest } : {};
      if (event.status === 'UNSUPPORTED_IMAGE')
        return evaluateImage(deps, event.image, event, { unscannable: { status: event.status }, ...read });
      if (event.status !== 'COMPLETE') {
        const message = `the ${event.scanner} scan did not complete: no verdict can pass without it`;
        return rejectWith(deps, event.image, event, 'SCAN_FAILED', message);
      }
      return evaluateImage(deps, event.image, event, { ...read, leaseEarly: true });
    }
    case 'FindingChanged': {
      const own = await ownArtifactOf(deps.registry, event.image, event.tags);
      if (own) return { action: 'skipped', detail: own };
      return handleFinding(deps, event);
    }
    case 'ReevaluationRequested':
      return evaluateImage(deps, event.image, event, { leaseEarly: true });
    case 'ResealRequested':
      return resealImage(deps, event);
  }
}

/**
 * A deletion. One that names a tag removes that tag; the digest is DELETED only when the registry no
 * longer has it (ECR sends a DELETE for each tag removed, and the image may keep other tags).
 */
async function handleDelete(deps: PipelineDeps, event: ImageDeleted): Promise<PipelineOutcome> {
  const { id, at, image } = event;
  if (event.tag !== undefined) {
    const untagged = await record(deps, image, { type: 'Untagged', id, at, tags: [event.tag] });
    if ((await deps.registry.getManifest(image, image.digest)) !== undefined) {
      return { action: untagged.changed ? 'recorded' : 'unchanged', status: untagged.verdict.status };
    }
  }
  const { verdict, changed } = await record(deps, image, { type: 'Deleted', id, at });
  if (changed) await spreadToIndexes(deps, image);
  return { action: changed ? 'deleted' : 'unchanged', status: verdict.status };
}
