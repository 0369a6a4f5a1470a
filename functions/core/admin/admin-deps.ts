import type { PipelineEvent } from '../events/pipeline-event';
import type { IndexStore } from '../pipeline/index-revocation';

/**
 * What the admin use cases need, as ports. The store is narrowed to what they use: a revocation reads
 * and records events (recordVerdict), on the image and across index memberships; a re-evaluation only
 * reads (the signer does the evaluating).
 */
export interface AdminDeps {
  readonly store: IndexStore;
  /**
   * Sends an event to the signing function's queue, as in PipelineDeps (`sqsHandOff` on AWS). Only
   * `ReevaluationRequested` events are handed off.
   */
  readonly handOff: (event: PipelineEvent) => Promise<void>;
  readonly now: () => Date;
  /** A fresh id for each manual event; default `crypto.randomUUID`. */
  readonly newId?: () => string;
}
