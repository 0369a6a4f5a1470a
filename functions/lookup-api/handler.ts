import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { logger, metrics } from '../runtime/logging';
import { apiDepsFromEnv, type ApiDeps } from './api-deps';
import type { ApiEvent, ApiResult } from '../http/api-event';
import { createApiRequestHandler } from './api-request-handler';

/** The API handler: Lambda passes its context; the local mode may call it with the event alone. */
export type ApiHandler = (event: ApiEvent, context?: Context) => Promise<ApiResult>;

/** The context the handler runs with outside Lambda (the local mode). */
const LOCAL_CONTEXT: Context = {
  callbackWaitsForEmptyEventLoop: false,
  functionName: 'image-trust-api',
  functionVersion: '$LATEST',
  invokedFunctionArn: 'arn:aws:lambda:local:000000000000:function:image-trust-api',
  memoryLimitInMB: '0',
  awsRequestId: 'local',
  logGroupName: 'local',
  logStreamName: 'local',
  getRemainingTimeInMillis: () => 30_000,
  done: () => undefined,
  fail: () => undefined,
  succeed: () => undefined,
};

/**
 * The lookup API's Lambda handler for any set of adapters: AWS (below), DynamoDB Local in the tests.
 * The request handling (`createApiRequestHandler`) in the middy chain of Powertools logger and metrics.
 * Traced by Lambda's active tracing, without the Powertools tracer (whose X-Ray SDK would be a third of
 * the bundle: README, "The lookup's bundle"). `deps` may be a factory, called once per cold start.
 */
export function createApiHandler(deps: ApiDeps | (() => ApiDeps)): ApiHandler {
  const chain = middy(createApiRequestHandler(deps))
    .use(injectLambdaContext(logger))
    .use(logMetrics(metrics, { captureColdStartMetric: true }));
  return (event, context) => chain(event, context ?? LOCAL_CONTEXT);
}

/** API Gateway HTTP API (payload 2.0): the verdict table and configuration from the environment. */
export const handler = createApiHandler(() => apiDepsFromEnv());
