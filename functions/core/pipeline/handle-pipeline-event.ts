import type { PipelineEvent } from '../events/pipeline-event';
import { evaluateImage, rejectWith } from './evaluate-image';
import { handleFinding } from './handle-finding';
import { handlePush } from './handle-push';
import { ownArtifactOf } from './own-artifacts';
import type { PipelineDeps, PipelineOutcome } from './pipeline-deps';
import { recordVerdict } from '../verdict/record-verdict';

/** Routes one pipeline event to its use case. */
export async function handlePipelineEvent(
  deps: PipelineDeps,
  event: PipelineEvent,
): Promise<PipelineOutcome> {
  switch (event.type) {
    case 'ImagePushed':
      return handlePush(deps, event);
    case 'ImageDeleted': {
      const { verdict, changed } = await recordVerdict(deps.store, event.image, {
        type: 'Deleted',
        id: event.id,
        at: event.at,
      });
      return { action: changed ? 'deleted' : 'unchanged', status: verdict.status };
    }
    case 'ScanCompleted': {
      const own = await ownArtifactOf(deps.registry, event.image, event.tags);
      if (own) return { action: 'skipped', detail: own };
      if (event.status === 'UNSUPPORTED_IMAGE')
        return evaluateImage(deps, event.image, event, { unscannable: { status: event.status } });
      if (event.status !== 'COMPLETE') {
        const message = `the ${event.scanner} scan did not complete: no verdict can pass without it`;
        return rejectWith(deps, event.image, event, 'SCAN_FAILED', message);
      }
      return evaluateImage(deps, event.image, event);
    }
    case 'FindingChanged': {
      const own = await ownArtifactOf(deps.registry, event.image, event.tags);
      if (own) return { action: 'skipped', detail: own };
      return handleFinding(deps, event);
    }
    case 'ReevaluationRequested':
      return evaluateImage(deps, event.image, event);
  }
}
