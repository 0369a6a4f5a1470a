import { Duration, Validations } from 'aws-cdk-lib';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';

/** How long a dead letter waits for someone to look at it: the longest SQS allows. */
export const DEAD_LETTER_RETENTION = Duration.days(14);

/**
 * A dead-letter queue: SSE, TLS only, 14 days. It has no redrive policy of its own (messages end
 * here, and an alarm fires on its depth), which the Serverless pack would otherwise report. It says it
 * is a dead-letter queue with a redrive allow policy, as Control Tower's CT.SQS.PR.1 asks of one:
 * `allowAll`, SQS's default when none is set, so nothing changes in behaviour (`byQueue` naming the
 * source queue would make a reference cycle with the source queue's redrive policy; `denyAll` fails
 * the control, and the Control Tower rules never read template metadata, so a suppression there
 * would not hold where the control runs as a CloudFormation hook).
 */
export function newDeadLetterQueue(scope: Construct, id: string): sqs.Queue {
  const queue = new sqs.Queue(scope, id, {
    encryption: sqs.QueueEncryption.SQS_MANAGED,
    enforceSSL: true,
    retentionPeriod: DEAD_LETTER_RETENTION,
    redriveAllowPolicy: { redrivePermission: sqs.RedrivePermission.ALLOW_ALL },
  });
  Validations.of(queue).acknowledge({
    id: 'Serverless-SQSRedrivePolicy',
    reason:
      'This is a dead-letter queue: messages end here, with their reason, and an alarm fires on its depth.',
  });
  return queue;
}
