import { Duration, Validations } from 'aws-cdk-lib';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';

/** How long a dead letter waits for someone to look at it: the longest SQS allows. */
export const DEAD_LETTER_RETENTION = Duration.days(14);

/**
 * A dead-letter queue: SSE, TLS only, 14 days. It has no redrive policy of its own (messages end
 * here, and an alarm fires on its depth), which the Serverless pack would otherwise report.
 */
export function newDeadLetterQueue(scope: Construct, id: string): sqs.Queue {
  const queue = new sqs.Queue(scope, id, {
    encryption: sqs.QueueEncryption.SQS_MANAGED,
    enforceSSL: true,
    retentionPeriod: DEAD_LETTER_RETENTION,
  });
  Validations.of(queue).acknowledge({
    id: 'Serverless-SQSRedrivePolicy',
    reason:
      'This is a dead-letter queue: messages end here, with their reason, and an alarm fires on its depth.',
  });
  return queue;
}
