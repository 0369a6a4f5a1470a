import type { Duration } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { ImageTrustFunction } from './image-trust-function';

export interface ReconcilerScheduleProps {
  readonly reconciler: ImageTrustFunction;
  readonly every: Duration;
  /** Where a run EventBridge could not start goes. */
  readonly deadLetterQueue: sqs.IQueue;
}

/**
 * Runs the reconciler on a fixed rate: EventBridge delivery is best effort, so something has to find
 * the images whose events were lost. A run that cannot start is retried twice, and only until the next
 * run is due (that one does the same work).
 */
export class ReconcilerSchedule extends Construct {
  readonly rule: events.Rule;

  constructor(scope: Construct, id: string, props: ReconcilerScheduleProps) {
    super(scope, id);
    this.rule = new events.Rule(this, 'Rule', {
      description: 'image-trust: reconcile PENDING and stale verdicts',
      schedule: events.Schedule.rate(props.every),
      targets: [
        new targets.LambdaFunction(props.reconciler.function, {
          deadLetterQueue: props.deadLetterQueue,
          retryAttempts: 2,
          maxEventAge: props.every,
        }),
      ],
    });
  }
}
