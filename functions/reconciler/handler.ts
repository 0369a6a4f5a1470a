import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import { reconcile } from '../core/pipeline/reconcile';
import { awsRuntime, type AwsRuntime } from '../runtime/aws-pipeline-deps';
import { functionEnvironment } from '../runtime/environment';
import { PENDING_TOO_LONG, STALE_VERDICTS } from '../runtime/metric-names';
import { logger, metrics, tracer } from '../runtime/observability';

let runtime: AwsRuntime | undefined;

/** On a schedule: re-drive images left PENDING and verdicts past their freshness to the signer. */
export const handler = middy(async () => {
  runtime ??= awsRuntime(functionEnvironment('reconciler'), {
    traceClient: (client) => tracer.captureAWSv3Client(client),
  });
  const report = await reconcile(runtime.deps);
  metrics.addMetric(PENDING_TOO_LONG, MetricUnit.Count, report.pending);
  metrics.addMetric(STALE_VERDICTS, MetricUnit.Count, report.stale);
  logger.info('reconciled', { ...report });
  if (report.failures.length > 0)
    throw new Error(`reconciler: ${report.failures.length} failures: ${report.failures.join('; ')}`);
  return report;
})
  .use(injectLambdaContext(logger))
  .use(logMetrics(metrics));
