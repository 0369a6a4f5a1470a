import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { reevaluationMessage } from '../../core/events/queue-message';
import type { PipelineEvent } from '../../core/events/pipeline-event';

/**
 * Hands an evaluation, or a verdict to seal again, to the signing function through its queue (the only
 * function holding kms:Sign).
 */
export function sqsHandOff(client: SQSClient, queueUrl: string): (event: PipelineEvent) => Promise<void> {
  return async (event) => {
    if (event.type !== 'ReevaluationRequested' && event.type !== 'ResealRequested')
      throw new TypeError(`cannot hand off ${event.type}`);
    await client.send(
      new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: reevaluationMessage(event) }),
    );
  };
}
