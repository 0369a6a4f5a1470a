import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import middy from '@middy/core';
import type { Context, SQSEvent, SQSRecord } from 'aws-lambda';
import { SqsDeadLetter } from '../adapters/sqs/sqs-dead-letter';
import type { AwsRuntime } from './aws-pipeline-deps';
import { DEAD_LETTER_QUEUE_URL } from './environment-names';
import { MESSAGES_PARKED, TIME_FROM_PUSH_TO_VERDICT, VERDICT_METRIC_PREFIX } from './metric-names';
import { logger, metrics, tracer } from './observability';
import { processPipelineRecord } from './process-pipeline-record';

/**
 * A Lambda handler for one pipeline queue: each SQS record is processed on its own and reported back
 * as a partial batch failure when it should be retried (ReportBatchItemFailures). The runtime (clients,
 * configuration) is built on the first invocation and reused.
 */
export function sqsPipelineHandler<R extends AwsRuntime>(
  runtime: () => R,
  prepare?: (rt: R) => Promise<void>,
) {
  const processor = new BatchProcessor(EventType.SQS);
  let rt: R | undefined;
  let deadLetter: SqsDeadLetter | undefined;
  let prepared: Promise<void> | undefined;

  const recordHandler = async (record: SQSRecord) => {
    rt ??= runtime();
    const ready = rt;
    // Once per cold start, retried on the next record if it failed.
    prepared ??= (prepare?.(ready) ?? Promise.resolve()).catch((error: unknown) => {
      prepared = undefined;
      throw error;
    });
    await prepared;
    if (!rt.deadLetterQueueUrl) throw new Error(`${DEAD_LETTER_QUEUE_URL} is not set: cannot park failures`);
    deadLetter ??= new SqsDeadLetter(rt.sqs, rt.deadLetterQueueUrl);
    const result = await processPipelineRecord(
      rt.deps,
      {
        messageId: record.messageId,
        body: record.body,
        receiveCount: Number(record.attributes.ApproximateReceiveCount ?? '1'),
      },
      { deadLetter, maxReceiveCount: rt.maxReceiveCount },
    );
    if (result.result === 'parked') {
      logger.warn('message parked on the dead-letter queue', {
        messageId: record.messageId,
        reason: result.reason,
      });
      metrics.addMetric(MESSAGES_PARKED, MetricUnit.Count, 1);
      return;
    }
    const outcome = result.outcome;
    logger.info('processed', { messageId: record.messageId, ...outcome });
    if (
      outcome?.status &&
      ['verified', 'rejected', 'revoked', 'restored', 'deleted'].includes(outcome.action)
    ) {
      metrics.addMetric(`${VERDICT_METRIC_PREFIX}${outcome.status}`, MetricUnit.Count, 1);
      if (outcome.firstSeenAt) {
        metrics.addMetric(
          TIME_FROM_PUSH_TO_VERDICT,
          MetricUnit.Milliseconds,
          Date.now() - Date.parse(outcome.firstSeenAt),
        );
      }
    }
  };

  return middy(async (event: SQSEvent, context: Context) =>
    processPartialResponse(event, recordHandler, processor, { context }),
  )
    .use(injectLambdaContext(logger))
    .use(logMetrics(metrics, { captureColdStartMetric: true }))
    .use(captureLambdaHandler(tracer));
}
