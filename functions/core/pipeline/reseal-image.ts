import { UpstreamError } from '../errors';
import type { ResealRequested } from '../events/pipeline-event';
import { DEFAULT_SEAL_LIFETIME_HOURS } from '../verdict/seal-step';
import { resealVerdict } from '../verdict/reseal-verdict';
import type { PipelineDeps, PipelineOutcome } from './pipeline-deps';

/**
 * Seals an image's VERIFIED verdict again (a seal due for renewal, or a VERIFIED written unsealed):
 * one signing call, no registry work. Where this worker holds no sealer, the request goes on to the
 * signing function.
 */
export async function resealImage(deps: PipelineDeps, event: ResealRequested): Promise<PipelineOutcome> {
  if (deps.sealer === undefined) {
    if (deps.handOff === undefined)
      throw new UpstreamError('this worker cannot seal and has nowhere to hand sealing to');
    await deps.handOff(event);
    return { action: 'handed-off' };
  }
  const sealing = {
    sealer: deps.sealer,
    lifetimeHours: deps.config.sealing?.lifetimeHours ?? DEFAULT_SEAL_LIFETIME_HOURS,
  };
  const result = await resealVerdict(deps.store, event.image, sealing, { now: deps.now });
  return result.resealed
    ? { action: 'resealed', status: 'VERIFIED', detail: `sealed until ${result.verdict?.validUntil}` }
    : { action: 'unchanged', ...(result.verdict ? { status: result.verdict.status } : {}) };
}
