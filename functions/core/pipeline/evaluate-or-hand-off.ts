import type { Verdict } from '../verdict/verdict';
import { evaluateImage, type Trigger } from './evaluate-image';
import type { PipelineDeps } from './pipeline-deps';

/** What the steps of one reconciler run count. */
export interface ReconcileCounts {
  stale: number;
  expired: number;
  handedOff: number;
  evaluated: number;
  /** Seals renewed here (a worker holding the sealer; elsewhere they are handed off). */
  resealed: number;
  scansStarted: number;
}

/** Evaluates here when this worker signs, else hands the evaluation to the signing function. */
export async function evaluateOrHandOff(
  deps: PipelineDeps,
  verdict: Verdict,
  trigger: Trigger,
  reason: string,
  counts: ReconcileCounts,
): Promise<void> {
  const image = { registry: verdict.registry, repository: verdict.repository, digest: verdict.digest };
  if (deps.signing) {
    await evaluateImage(deps, image, trigger);
    counts.evaluated += 1;
  } else if (deps.handOff) {
    await deps.handOff({ type: 'ReevaluationRequested', image, ...trigger, reason });
    counts.handedOff += 1;
  }
}
