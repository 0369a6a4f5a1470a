import type { PipelineEvent } from '../events/pipeline-event';
import type { VerdictStore } from '../verdict/verdict-store';

/**
 * What the admin use cases need, as ports. The store is narrowed to what they use: a revocation reads
 * and records one event (recordVerdict), a re-evaluation only reads (the signer does the evaluating).
 */
export interface AdminDeps {
  readonly store: Pick<VerdictStore, 'get' | 'putIfVersion'>;
  /**
   * Sends an event to the signing function's queue, as in PipelineDeps (`sqsHandOff` on AWS). Only
   * `ReevaluationRequested` events are handed off.
   */
  readonly handOff: (event: PipelineEvent) => Promise<void>;
  readonly now: () => Date;
  /** A fresh id for each manual event; default `crypto.randomUUID`. */
  readonly newId?: () => string;
}
