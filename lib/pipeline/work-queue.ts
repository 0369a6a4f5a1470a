import { Duration, Lazy, Validations } from 'aws-cdk-lib';
import type * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import {
  DEAD_LETTER_QUEUE_URL,
  MAX_RECEIVE_COUNT,
  RECORDS_IN_FLIGHT,
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
  /** Whether functions hand work to this queue (`bindHandOff`): the signer's queue only. */
  readonly acceptsHandOffs?: boolean;
  /**
   * Roles that may send to the queue besides its rules and hand-off senders: operators moving parked
   * messages back from its dead-letter queue (`redriveRoleArns`; a redrive sends as its caller).
   */
  readonly redriveRoleArns?: readonly string[];
}

export interface ConsumeOptions {
  readonly batchSize: number;
  /** The event source's maximum concurrency: how many invocations it keeps running at most. */
  readonly maxConcurrency: number;
  /** How many records of a batch one invocation processes at once (RECORDS_IN_FLIGHT); default the batch. */
  readonly recordsInFlight?: number;
  /** How long the event source may wait to fill a batch (needed for batches above 10); default none. */
  readonly maxBatchingWindowSeconds?: number;
}

/**
 * An SQS queue of pipeline work with its dead-letter queue: SSE, TLS only, redrive after
 * `maxReceiveCount` deliveries. `consumeWith` feeds a function in batches with partial batch failures;
 * `bindDeadLetterQueue` and `bindHandOff` set a function's environment variable and its one
 * sqs:SendMessage permission together.
 *
 * Only the senders it names may enqueue: its queue policy denies sqs:SendMessage to every principal
 * but the EventBridge rules given to `acceptEventsFrom` (`aws:SourceArn`) and, on a queue that accepts
 * hand-offs, the roles of the functions bound by `bindHandOff` (`aws:PrincipalArn`), and the operators'
 * `redriveRoleArns`, whatever their IAM policies allow. A forged scan event needs one of those.
 */
export class WorkQueue extends Construct {
  readonly queue: sqs.Queue;
  readonly deadLetterQueue: sqs.Queue;
  readonly maxReceiveCount: number;
  private readonly ruleArns: string[] = [];
  private readonly senderRoleArns: string[] = [];
  private readonly acceptsHandOffs: boolean;
  private readonly redriveRoleArns: readonly string[];

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
    this.acceptsHandOffs = props.acceptsHandOffs ?? false;
    this.redriveRoleArns = props.redriveRoleArns ?? [];
    this.queue.addToResourcePolicy(this.denyOtherSenders());
  }

  /** The rules whose events may be delivered to this queue (their targets add the Allow). */
  acceptEventsFrom(...rules: events.IRule[]): void {
    this.ruleArns.push(...rules.map((rule) => rule.ruleArn));
  }

  private denyOtherSenders(): iam.PolicyStatement {
    const rules = Lazy.list({ produce: () => this.ruleArns });
    const roles = Lazy.list({ produce: () => [...this.senderRoleArns, ...this.redriveRoleArns] });
    const bySender = this.acceptsHandOffs || this.redriveRoleArns.length > 0;
    return new iam.PolicyStatement({
      sid: 'DenySendersButRulesAndHandOffs',
      effect: iam.Effect.DENY,
      principals: [new iam.AnyPrincipal()],
      actions: ['sqs:SendMessage'],
      resources: [this.queue.queueArn],
      conditions: {
        ArnNotEqualsIfExists: { 'aws:SourceArn': rules },
        ...(bySender ? { ArnNotEquals: { 'aws:PrincipalArn': roles } } : {}),
      },
    });
  }

  /**
   * Feeds the queue to `fn` in batches, sets how many records of a batch it processes at once
   * (RECORDS_IN_FLIGHT, with the batch size in one place), and gives it its dead-letter queue to park
   * messages that cannot succeed.
   */
  consumeWith(fn: ImageTrustFunction, options: ConsumeOptions): void {
    const source = new SqsEventSource(this.queue, {
      batchSize: options.batchSize,
      maxConcurrency: options.maxConcurrency,
      reportBatchItemFailures: true,
      ...(options.maxBatchingWindowSeconds
        ? { maxBatchingWindow: Duration.seconds(options.maxBatchingWindowSeconds) }
        : {}),
    });
    fn.function.addEventSource(source);
    fn.addEnvironment(RECORDS_IN_FLIGHT, String(options.recordsInFlight ?? options.batchSize));
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
    if (!this.acceptsHandOffs) throw new Error(`${this.node.path} accepts no hand-offs`);
    this.senderRoleArns.push(fn.role.roleArn);
    fn.addEnvironment(SIGNER_QUEUE_URL, this.queue.queueUrl);
    fn.addToRolePolicy(sendMessage(this.queue));
  }
}

function sendMessage(queue: sqs.IQueue): iam.PolicyStatement {
  return new iam.PolicyStatement({ actions: ['sqs:SendMessage'], resources: [queue.queueArn] });
}
