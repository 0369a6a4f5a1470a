import { Duration, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import {
  DEAD_LETTER_QUEUE_URL,
  MAX_RECEIVE_COUNT,
  SIGNER_QUEUE_URL,
} from '../../functions/runtime/environment-names';
import { newDeadLetterQueue } from './dead-letter-queue';
import type { ImageTrustFunction } from './image-trust-function';

/** Five deliveries before the dead-letter queue, so throttling alone never parks a message. */
export const DEFAULT_MAX_RECEIVE_COUNT = 5;

export interface WorkQueueProps {
  /** The timeout of the function that consumes the queue; visibility is six times it (AWS guidance). */
  readonly consumerTimeout: Duration;
  readonly maxReceiveCount?: number;
}

export interface ConsumeOptions {
  readonly batchSize: number;
  /** The event source's maximum concurrency: how many invocations it keeps running at most. */
  readonly maxConcurrency: number;
}

/**
 * An SQS queue of pipeline work with its dead-letter queue: SSE, TLS only, redrive after
 * `maxReceiveCount` deliveries. `consumeWith` feeds a function in batches with partial batch failures;
 * `bindDeadLetterQueue` and `bindHandOff` set a function's environment variable and its one
 * sqs:SendMessage permission together.
 */
export class WorkQueue extends Construct {
  readonly queue: sqs.Queue;
  readonly deadLetterQueue: sqs.Queue;
  readonly maxReceiveCount: number;

  constructor(scope: Construct, id: string, props: WorkQueueProps) {
    super(scope, id);
    this.maxReceiveCount = props.maxReceiveCount ?? DEFAULT_MAX_RECEIVE_COUNT;
    this.deadLetterQueue = newDeadLetterQueue(this, 'DeadLetterQueue');
    this.queue = new sqs.Queue(this, 'Queue', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(4),
      visibilityTimeout: Duration.seconds(props.consumerTimeout.toSeconds() * 6),
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: this.maxReceiveCount },
    });
  }

  /** Feeds the queue to `fn`, which also gets its dead-letter queue to park messages that cannot succeed. */
  consumeWith(fn: ImageTrustFunction, options: ConsumeOptions): void {
    const source = new SqsEventSource(this.queue, {
      batchSize: options.batchSize,
      maxConcurrency: options.maxConcurrency,
      reportBatchItemFailures: true,
    });
    fn.function.addEventSource(source);
    this.bindDeadLetterQueue(fn);
    Validations.of(fn.function).acknowledge({
      id: 'Serverless-LambdaDLQ',
      reason:
        'Invoked only by its SQS event source (synchronously); failed messages are redriven to the queue dead-letter queue.',
    });
    Validations.of(fn.function).acknowledge({
      id: 'Serverless-LambdaEventSourceMappingDestination',
      reason:
        'SQS event sources take no on-failure destination; the queue redrive policy moves failing messages to its dead-letter queue.',
    });
  }

  /** DEAD_LETTER_QUEUE_URL and MAX_RECEIVE_COUNT, and sqs:SendMessage on this dead-letter queue only. */
  bindDeadLetterQueue(fn: ImageTrustFunction): void {
    fn.addEnvironment(DEAD_LETTER_QUEUE_URL, this.deadLetterQueue.queueUrl);
    fn.addEnvironment(MAX_RECEIVE_COUNT, String(this.maxReceiveCount));
    fn.addToRolePolicy(sendMessage(this.deadLetterQueue));
  }

  /**
   * SIGNER_QUEUE_URL and sqs:SendMessage on this queue only: `fn` hands signing work to its consumer.
   * Only for the signer's queue.
   */
  bindHandOff(fn: ImageTrustFunction): void {
    fn.addEnvironment(SIGNER_QUEUE_URL, this.queue.queueUrl);
    fn.addToRolePolicy(sendMessage(this.queue));
  }
}

function sendMessage(queue: sqs.IQueue): iam.PolicyStatement {
  return new iam.PolicyStatement({ actions: ['sqs:SendMessage'], resources: [queue.queueArn] });
}
