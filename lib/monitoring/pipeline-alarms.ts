import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import type { AdmissionWebhookApi } from '../api/admission-webhook-api';
import type { LookupApi } from '../api/lookup-api';
import type { ImageTrustFunction } from '../pipeline/image-trust-function';
import type { Pipeline } from '../pipeline/pipeline';
import {
  BREAK_GLASS_USED,
  METRICS_NAMESPACE,
  PENDING_TOO_LONG,
  SERVICE_DIMENSIONS,
  VERDICT_SEAL_REFUSED,
} from '../../functions/runtime/metric-names';

/** The thresholds, in one place (the infrastructure tests assert them). */
export const ALARM_THRESHOLDS = {
  /** Any message in a dead-letter queue is work that did not get done. */
  deadLetterMessages: 1,
  /** Function errors (thrown, not partial batch failures) per 5 minutes. */
  functionErrors: 5,
  /** Any throttle: concurrency is set so that none should happen. */
  functionThrottles: 1,
  /** Oldest message in a work queue: half an hour of backlog means the pipeline is not keeping up. */
  oldestMessageSeconds: 30 * 60,
  /** Images PENDING past scanning.pendingTimeoutMinutes, in two reconciler runs in a row. */
  pendingTooLong: 1,
  pendingTooLongRuns: 2,
  /** Lookup API 5xx responses per 5 minutes. */
  api5xx: 5,
  /** Any break-glass use: a denied object was admitted on a person's word. */
  breakGlassUses: 1,
  /** Any VERIFIED item whose seal does not hold: the table was written by someone who is not the signer. */
  verdictSealRefused: 1,
} as const;

const FIVE_MINUTES = Duration.minutes(5);

export interface PipelineAlarmsProps {
  readonly pipeline: Pipeline;
  readonly api: LookupApi;
  readonly apiFunction: ImageTrustFunction;
  /** The admin function (revoke, re-evaluate): alarmed on errors and throttles like the others. */
  readonly adminFunction?: ImageTrustFunction;
  /** The EKS admission webhook (its function and API), when deployed: a failing one blocks pod starts. */
  readonly webhook?: { readonly function: ImageTrustFunction; readonly api: AdmissionWebhookApi };
  readonly topic: sns.ITopic;
  readonly reconcileEvery: Duration;
}

/**
 * The alarms that tell operators something went wrong, each sent to the alarm topic (and again when it
 * clears): dead letters, function errors and throttles, work piling up, images stuck PENDING, a
 * reconciler that stopped running, and a failing lookup API.
 */
export class PipelineAlarms extends Construct {
  readonly alarms: cloudwatch.Alarm[] = [];
  private readonly action: actions.SnsAction;

  constructor(scope: Construct, id: string, props: PipelineAlarmsProps) {
    super(scope, id);
    this.action = new actions.SnsAction(props.topic);
    const { pipeline } = props;
    const T = ALARM_THRESHOLDS;

    for (const { name, queue } of pipeline.deadLetterQueues) {
      this.add(
        `${name}DeadLetters`,
        `Messages in the ${name} dead-letter queue: work that was given up; read their reason`,
        {
          metric: queue.metricApproximateNumberOfMessagesVisible({
            period: FIVE_MINUTES,
            statistic: 'Maximum',
          }),
          threshold: T.deadLetterMessages,
        },
      );
    }
    const functions = [
      ...pipeline.functions,
      { name: 'LookupApi', fn: props.apiFunction },
      ...(props.adminFunction ? [{ name: 'AdminApi', fn: props.adminFunction }] : []),
      ...(props.webhook ? [{ name: 'AdmissionWebhook', fn: props.webhook.function }] : []),
    ];
    for (const { name, fn } of functions) {
      this.add(`${name}Errors`, `${name} function errors`, {
        metric: fn.function.metricErrors({ period: FIVE_MINUTES, statistic: 'Sum' }),
        threshold: T.functionErrors,
      });
      this.add(`${name}Throttles`, `${name} function throttled`, {
        metric: fn.function.metricThrottles({ period: FIVE_MINUTES, statistic: 'Sum' }),
        threshold: T.functionThrottles,
      });
    }
    const workQueues = [
      { name: 'ImageAction', queue: pipeline.imageActionQueue.queue },
      { name: 'Signer', queue: pipeline.signerQueue.queue },
      { name: 'Finding', queue: pipeline.findingQueue.queue },
    ];
    for (const { name, queue } of workQueues) {
      this.add(
        `${name}Backlog`,
        `${name} queue: oldest message waiting over ${T.oldestMessageSeconds / 60} minutes`,
        {
          metric: queue.metricApproximateAgeOfOldestMessage({ period: FIVE_MINUTES, statistic: 'Maximum' }),
          threshold: T.oldestMessageSeconds,
        },
      );
    }
    this.add(
      'PendingTooLong',
      'Images stay PENDING past the scanning timeout although the reconciler re-drove them',
      {
        metric: new cloudwatch.Metric({
          namespace: METRICS_NAMESPACE,
          metricName: PENDING_TOO_LONG,
          dimensionsMap: { ...SERVICE_DIMENSIONS },
          statistic: 'Maximum',
          period: props.reconcileEvery,
        }),
        threshold: T.pendingTooLong,
        evaluationPeriods: T.pendingTooLongRuns,
      },
    );
    // Twice the schedule without a run: the schedule is disabled or the function cannot start.
    this.add('ReconcilerNotRunning', 'The reconciler has not run for two of its periods', {
      metric: pipeline.reconciler.function.metricInvocations({
        period: Duration.minutes(props.reconcileEvery.toMinutes() * 2),
        statistic: 'Sum',
      }),
      threshold: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.BREACHING,
    });
    this.add('Api5xx', 'Lookup API answering 5xx: admission may fail open or closed', {
      metric: props.api.api.metricServerError({ period: FIVE_MINUTES, statistic: 'Sum' }),
      threshold: T.api5xx,
    });
    if (props.webhook) {
      this.add('AdmissionWebhook5xx', 'EKS admission webhook answering 5xx: pod starts are denied', {
        metric: props.webhook.api.api.metricServerError({ period: FIVE_MINUTES, statistic: 'Sum' }),
        threshold: T.api5xx,
      });
    }
    this.add('BreakGlassUsed', 'A denied object was admitted through break-glass: read the audit', {
      metric: new cloudwatch.Metric({
        namespace: METRICS_NAMESPACE,
        metricName: BREAK_GLASS_USED,
        dimensionsMap: { ...SERVICE_DIMENSIONS },
        statistic: 'Sum',
        period: FIVE_MINUTES,
      }),
      threshold: T.breakGlassUses,
    });
    this.add(
      'VerdictSealRefused',
      'A VERIFIED verdict item without a valid signer seal was read (VERDICT_UNSIGNED/TAMPERED): the table was written outside the signer',
      {
        metric: new cloudwatch.Metric({
          namespace: METRICS_NAMESPACE,
          metricName: VERDICT_SEAL_REFUSED,
          dimensionsMap: { ...SERVICE_DIMENSIONS },
          statistic: 'Sum',
          period: FIVE_MINUTES,
        }),
        threshold: T.verdictSealRefused,
      },
    );
  }

  private add(
    id: string,
    description: string,
    options: Pick<cloudwatch.AlarmProps, 'metric' | 'threshold'> &
      Partial<Pick<cloudwatch.AlarmProps, 'evaluationPeriods' | 'comparisonOperator' | 'treatMissingData'>>,
  ): void {
    const alarm = new cloudwatch.Alarm(this, id, {
      alarmDescription: `image-trust: ${description}`,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      ...options,
    });
    alarm.addAlarmAction(this.action);
    alarm.addOkAction(this.action);
    this.alarms.push(alarm);
  }
}
