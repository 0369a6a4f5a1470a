import { appendFileSync } from 'node:fs';
import { ImageTrustError } from '../../functions/core/errors';
import type { PipelineEvent } from '../../functions/core/events/pipeline-event';
import { handlePipelineEvent } from '../../functions/core/pipeline/handle-pipeline-event';
import type { PipelineDeps, PipelineOutcome } from '../../functions/core/pipeline/pipeline-deps';

export interface WorkQueueOptions {
  readonly maxAttempts?: number;
  readonly concurrency?: number;
  /** Where failures that will not succeed are appended as JSON lines (the local dead-letter queue). */
  readonly deadLetterFile: string;
  readonly onOutcome?: (event: PipelineEvent, outcome: PipelineOutcome) => void;
  readonly onError?: (event: PipelineEvent, reason: string) => void;
}

/**
 * The local mode's stand-in for SQS: events are handled by the same use cases as in Lambda, a few at
 * a time, retryable failures again with backoff, the rest parked with their reason. It holds work only
 * in memory: what a crash loses, the registry's redelivery and the startup sweep find again (the store
 * is the record of what is done).
 */
export class WorkQueue {
  private running = 0;
  private readonly waiting: (() => void)[] = [];
  private readonly idleWaiters: (() => void)[] = [];
  private pending = 0;

  constructor(
    private readonly deps: PipelineDeps,
    private readonly options: WorkQueueOptions,
  ) {}

  /** Handles an event (waiting for a free slot); resolves when it is done or parked. */
  async process(event: PipelineEvent): Promise<PipelineOutcome | undefined> {
    this.pending += 1;
    await this.slot();
    try {
      return await this.withRetries(event);
    } finally {
      this.running -= 1;
      this.pending -= 1;
      this.waiting.shift()?.();
      if (this.pending === 0) this.idleWaiters.splice(0).forEach((resolve) => resolve());
    }
  }

  /** Resolves once nothing is queued or running. */
  idle(): Promise<void> {
    return this.pending === 0 ? Promise.resolve() : new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private async slot(): Promise<void> {
    if (this.running < (this.options.concurrency ?? 4)) {
      this.running += 1;
      return;
    }
    await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.running += 1;
  }

  private async withRetries(event: PipelineEvent): Promise<PipelineOutcome | undefined> {
    const maxAttempts = this.options.maxAttempts ?? 6;
    for (let attempt = 1; ; attempt++) {
      try {
        const outcome = await handlePipelineEvent(this.deps, event);
        this.options.onOutcome?.(event, outcome);
        return outcome;
      } catch (error) {
        const retryable = !(error instanceof ImageTrustError) || error.retryable;
        const reason = error instanceof ImageTrustError ? `${error.code}: ${error.message}` : String(error);
        if (!retryable || attempt >= maxAttempts) {
          appendFileSync(
            this.options.deadLetterFile,
            JSON.stringify({ at: new Date().toISOString(), reason, event }) + '\n',
          );
          this.options.onError?.(event, reason);
          return undefined;
        }
        await new Promise((resolve) => setTimeout(resolve, 200 * 2 ** (attempt - 1)));
      }
    }
  }
}
