import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import type { Context, SQSEvent, SQSRecord } from 'aws-lambda';
import { SqsDeadLetter } from '../adapters/sqs/sqs-dead-letter';
import type { AwsRuntime } from './aws-pipeline-deps';
import { concurrencyLimit, type ConcurrencyLimit } from './concurrency-limit';
import { DEAD_LETTER_QUEUE_URL } from './environment-names';
import { MESSAGES_PARKED, TIME_FROM_PUSH_TO_VERDICT, VERDICT_METRIC_PREFIX } from './metric-names';
import { logger, metrics } from './logging';
import { processPipelineRecord } from './process-pipeline-record';

/**
 * A Lambda handler for one pipeline queue: each SQS record is processed on its own and reported back
 * as a partial batch failure when it should be retried (ReportBatchItemFailures). The records of a
 * batch run at once, at most `recordsInFlight` (RECORDS_IN_FLIGHT) of them: one worker signs many images
 * while each waits on the registry and KMS. Two records about one digest are still signed once: the
 * signing lease is per signing, not per worker (core/pipeline/sign-under-lease.ts). The runtime
 * (clients, configuration, the limit) is built on the first invocation and reused. Logger and metrics
 * middlewares only: a function that wants the Powertools tracer adds it (`.use(captureLambdaHandler(...))`).
 */
export function sqsPipelineHandler<R extends AwsRuntime>(
  runtime: () => R,
  prepare?: (rt: R) => Promise<void>,
) {
  const processor = new BatchProcessor(EventType.SQS);
  let rt: R | undefined;
  let deadLetter: SqsDeadLetter | undefined;
  let prepared: Promise<void> | undefined;
  let limit: ConcurrencyLimit | undefined;

  const recordHandler = async (record: SQSRecord) => {
    rt ??= runtime();
    limit ??= concurrencyLimit(rt.recordsInFlight);
    const ready = rt;
    await limit(() => processRecord(ready, record));
  };

  const processRecord = async (ready: R, record: SQSRecord) => {
    // Once per cold start, retried on the next record if it failed.
    prepared ??= (prepare?.(ready) ?? Promise.resolve()).catch((error: unknown) => {
      prepared = undefined;
      throw error;
    });
    await prepared;
    if (!ready.deadLetterQueueUrl)
      throw new Error(`${DEAD_LETTER_QUEUE_URL} is not set: cannot park failures`);
    deadLetter ??= new SqsDeadLetter(ready.sqs, ready.deadLetterQueueUrl);
    const result = await processPipelineRecord(
      ready.deps,
      {
        messageId: record.messageId,
        body: record.body,
        receiveCount: Number(record.attributes.ApproximateReceiveCount ?? '1'),
      },
      { deadLetter, maxReceiveCount: ready.maxReceiveCount },
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
    // Every record starts at once; `limit` lets `recordsInFlight` of them run.
    processPartialResponse(event, recordHandler, processor, { context, processInParallel: true }),
  )
    .use(injectLambdaContext(logger))
    .use(logMetrics(metrics, { captureColdStartMetric: true }));
}
