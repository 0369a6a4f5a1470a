import { Duration, Validations } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { newDeadLetterQueue } from './dead-letter-queue';
import {
  imageActionPattern,
  imageScanPattern,
  inspectorFindingPattern,
  inspectorScanPattern,
} from './event-patterns';
import { repositoryNameFilters } from './repository-patterns';

export interface PipelineEventRulesProps {
  /** The allowlist's repository globs: ECR events outside them are not delivered at all. */
  readonly repositories: readonly string[];
  readonly imageActionQueue: sqs.IQueue;
  readonly signerQueue: sqs.IQueue;
  readonly findingQueue: sqs.IQueue;
}

/** EventBridge retries a failed delivery for up to a day, then parks the event. */
export const DELIVERY_RETRY = { retryAttempts: 185, maxEventAge: Duration.hours(24) } as const;

/**
 * The default event bus's rules into the work queues: ECR Image Action to the image-action queue, ECR
 * Image Scan and Inspector2 Scan to the signer's queue, Inspector2 Finding to the finding queue. All four
 * exist whatever the scanning mode (a rule that matches nothing costs nothing, and switching ECR between
 * basic and enhanced scanning then needs no deployment). Events EventBridge cannot deliver go to one
 * dead-letter queue.
 */
export class PipelineEventRules extends Construct {
  readonly imageAction: events.Rule;
  readonly imageScan: events.Rule;
  readonly inspectorScan: events.Rule;
  readonly inspectorFinding: events.Rule;
  readonly deliveryDeadLetterQueue: sqs.Queue;

  constructor(scope: Construct, id: string, props: PipelineEventRulesProps) {
    super(scope, id);
    this.deliveryDeadLetterQueue = newDeadLetterQueue(this, 'DeliveryDeadLetterQueue');
    Validations.of(this.deliveryDeadLetterQueue).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason:
        'This queue is itself a dead-letter queue: of the EventBridge rule targets (events that could not be delivered).',
    });
    const filters = repositoryNameFilters(props.repositories);
    const to = (queue: sqs.IQueue) =>
      new targets.SqsQueue(queue, { deadLetterQueue: this.deliveryDeadLetterQueue, ...DELIVERY_RETRY });

    this.imageAction = new events.Rule(this, 'EcrImageAction', {
      description: 'image-trust: ECR pushes and deletes in allowed repositories',
      eventPattern: imageActionPattern(filters),
      targets: [to(props.imageActionQueue)],
    });
    this.imageScan = new events.Rule(this, 'EcrImageScan', {
      description: 'image-trust: ECR basic scan results in allowed repositories',
      eventPattern: imageScanPattern(filters),
      targets: [to(props.signerQueue)],
    });
    this.inspectorScan = new events.Rule(this, 'InspectorScan', {
      description: 'image-trust: Amazon Inspector initial scans of container images',
      eventPattern: inspectorScanPattern(),
      targets: [to(props.signerQueue)],
    });
    this.inspectorFinding = new events.Rule(this, 'InspectorFinding', {
      description: 'image-trust: Amazon Inspector findings on container images',
      eventPattern: inspectorFindingPattern(),
      targets: [to(props.findingQueue)],
    });
  }
}
