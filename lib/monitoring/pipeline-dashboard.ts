import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { Construct } from 'constructs';
import type { LookupApi } from '../api/lookup-api';
import type { ImageTrustFunction } from '../pipeline/image-trust-function';
import type { Pipeline } from '../pipeline/pipeline';
import {
  METRICS_NAMESPACE,
  PENDING_TOO_LONG,
  SERVICE_DIMENSIONS,
  STALE_VERDICTS,
  TIME_FROM_PUSH_TO_VERDICT,
  VERDICT_METRIC_PREFIX,
} from '../../functions/runtime/metric-names';
import { VERDICT_STATUSES } from '../../functions/core/verdict/verdict';

export interface PipelineDashboardProps {
  readonly pipeline: Pipeline;
  readonly api: LookupApi;
  readonly apiFunction: ImageTrustFunction;
  readonly alarms: readonly cloudwatch.IAlarm[];
}

const PERIOD = Duration.minutes(5);
const WIDE = 12;

function custom(metricName: string, statistic: string, label?: string): cloudwatch.Metric {
  return new cloudwatch.Metric({
    namespace: METRICS_NAMESPACE,
    metricName,
    dimensionsMap: { ...SERVICE_DIMENSIONS },
    statistic,
    period: PERIOD,
    label,
  });
}

/**
 * One page for operators: alarm states; verdicts by status and the time from push to verdict; what
 * waits (work queues, dead letters, PENDING past its timeout); the functions; the lookup API.
 */
export class PipelineDashboard extends Construct {
  readonly dashboard: cloudwatch.Dashboard;

  constructor(scope: Construct, id: string, props: PipelineDashboardProps) {
    super(scope, id);
    const { pipeline } = props;
    const functions = [...pipeline.functions, { name: 'LookupApi', fn: props.apiFunction }];
    const workQueues = [pipeline.imageActionQueue, pipeline.signerQueue, pipeline.findingQueue];
    const perFunction = (title: string, metric: (fn: ImageTrustFunction) => cloudwatch.Metric) =>
      new cloudwatch.GraphWidget({
        title,
        width: WIDE / 2,
        left: functions.map(({ name, fn }) => metric(fn).with({ label: name })),
      });

    this.dashboard = new cloudwatch.Dashboard(this, 'Dashboard', { defaultInterval: Duration.hours(24) });
    this.dashboard.addWidgets(
      new cloudwatch.AlarmStatusWidget({ title: 'Alarms', width: 24, alarms: [...props.alarms] }),
    );
    this.dashboard.addWidgets(
      new cloudwatch.GraphWidget({
        title: 'Verdicts by status',
        width: WIDE,
        stacked: true,
        left: VERDICT_STATUSES.map((s) => custom(`${VERDICT_METRIC_PREFIX}${s}`, 'Sum', s)),
      }),
      new cloudwatch.GraphWidget({
        title: 'Time from push to verdict (ms)',
        width: WIDE,
        left: ['p50', 'p90', 'Maximum'].map((stat) => custom(TIME_FROM_PUSH_TO_VERDICT, stat, stat)),
      }),
    );
    this.dashboard.addWidgets(
      new cloudwatch.GraphWidget({
        title: 'Dead-letter queue depth',
        width: WIDE / 2,
        left: pipeline.deadLetterQueues.map(({ name, queue }) =>
          queue.metricApproximateNumberOfMessagesVisible({
            period: PERIOD,
            statistic: 'Maximum',
            label: name,
          }),
        ),
      }),
      new cloudwatch.GraphWidget({
        title: 'Work queues: oldest message (s)',
        width: WIDE / 2,
        left: workQueues.map((q) =>
          q.queue.metricApproximateAgeOfOldestMessage({
            period: PERIOD,
            statistic: 'Maximum',
            label: q.node.id,
          }),
        ),
      }),
      new cloudwatch.GraphWidget({
        title: 'Reconciler: PENDING too long, stale verdicts',
        width: WIDE,
        left: [
          custom(PENDING_TOO_LONG, 'Maximum', 'PENDING too long'),
          custom(STALE_VERDICTS, 'Maximum', 'stale'),
        ],
      }),
    );
    this.dashboard.addWidgets(
      perFunction('Invocations', (fn) => fn.function.metricInvocations({ period: PERIOD, statistic: 'Sum' })),
      perFunction('Errors', (fn) => fn.function.metricErrors({ period: PERIOD, statistic: 'Sum' })),
      perFunction('Throttles', (fn) => fn.function.metricThrottles({ period: PERIOD, statistic: 'Sum' })),
      perFunction('Duration p90 (ms)', (fn) =>
        fn.function.metricDuration({ period: PERIOD, statistic: 'p90' }),
      ),
    );
    const api = props.api.api;
    this.dashboard.addWidgets(
      new cloudwatch.GraphWidget({
        title: 'Lookup API requests',
        width: WIDE,
        left: [
          api.metricCount({ period: PERIOD, statistic: 'Sum', label: 'requests' }),
          api.metricClientError({ period: PERIOD, statistic: 'Sum', label: '4xx' }),
          api.metricServerError({ period: PERIOD, statistic: 'Sum', label: '5xx' }),
        ],
      }),
      new cloudwatch.GraphWidget({
        title: 'Lookup API latency (ms)',
        width: WIDE,
        left: ['p50', 'p99'].map((stat) =>
          api.metricLatency({ period: PERIOD, statistic: stat, label: stat }),
        ),
      }),
    );
  }
}
