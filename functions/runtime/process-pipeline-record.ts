import { ImageTrustError } from '../core/errors';
import { parseQueueMessage } from '../core/events/queue-message';
import { handlePipelineEvent } from '../core/pipeline/handle-pipeline-event';
import type { PipelineDeps, PipelineOutcome } from '../core/pipeline/pipeline-deps';
import type { DeadLetter } from '../core/ports/dead-letter';

export interface QueueRecord {
  readonly messageId: string;
  readonly body: string;
  /** How often SQS has delivered this message (1 on the first delivery). */
  readonly receiveCount: number;
}

export interface RecordOptions {
  readonly deadLetter: DeadLetter;
  /** The queue's maxReceiveCount: on the last delivery a failure is parked with its reason. */
  readonly maxReceiveCount: number;
}

export type RecordResult =
  | { readonly result: 'done'; readonly outcome: PipelineOutcome | undefined }
  | { readonly result: 'parked'; readonly reason: string };

/**
 * One message of a pipeline queue. Bad input (malformed, hostile, a tag where a digest belongs) is
 * parked on the dead-letter queue with its reason at once: retrying cannot fix it, and nothing was
 * stored. A retryable failure (throttling, 5xx, a lost race) is thrown so SQS delivers it again, with
 * backoff by the visibility timeout; on the last allowed delivery it is parked with its reason instead.
 */
export async function processPipelineRecord(
  deps: PipelineDeps,
  record: QueueRecord,
  options: RecordOptions,
): Promise<RecordResult> {
  try {
    const event = parseQueueMessage(record.body);
    return { result: 'done', outcome: event && (await handlePipelineEvent(deps, event)) };
  } catch (error) {
    const retryable = !(error instanceof ImageTrustError) || error.retryable;
    const reason = describe(error);
    if (retryable && record.receiveCount < options.maxReceiveCount) throw error;
    await options.deadLetter.park(record.body, reason, {
      messageId: record.messageId,
      receiveCount: String(record.receiveCount),
      errorCode: error instanceof ImageTrustError ? error.code : 'UNEXPECTED',
    });
    return { result: 'parked', reason };
  }
}

function describe(error: unknown): string {
  if (error instanceof ImageTrustError) return `${error.code}: ${error.message}`;
  return error instanceof Error
    ? `UNEXPECTED: ${error.name}: ${error.message}`
    : `UNEXPECTED: ${String(error)}`;
}
