import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { logger, metrics, tracer } from '../runtime/observability';
import { apiDepsFromEnv, type ApiDeps } from './api-deps';
import type { ApiEvent, ApiResult } from './api-event';
import { errorResult } from './http-errors';
import { routeRequest } from './router';

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
 * The lookup API's Lambda handler for any set of adapters: AWS (below), DynamoDB Local in the tests,
 * the local mode. The same middy chain (Powertools logger, metrics, tracer) either way. `deps` may be
 * a factory: it is called on the first request and its result kept for the life of the function
 * instance (once per cold start).
 */
export function createApiHandler(deps: ApiDeps | (() => ApiDeps)): ApiHandler {
  let built: ApiDeps | undefined;
  const resolve = (): ApiDeps => (built ??= typeof deps === 'function' ? deps() : deps);
  const chain = middy(async (event: ApiEvent): Promise<ApiResult> => {
    let ready: ApiDeps;
    try {
      ready = resolve();
    } catch (error) {
      // A configuration error is the server's fault: 500 for every caller, the cause only in the log.
      logger.error('the API cannot start', { error });
      return errorResult(new Error('not configured'), event.requestContext?.requestId);
    }
    return routeRequest(event, ready);
  })
    .use(injectLambdaContext(logger))
    .use(logMetrics(metrics, { captureColdStartMetric: true }))
    .use(captureLambdaHandler(tracer));
  return (event, context) => chain(event, context ?? LOCAL_CONTEXT);
}

/** API Gateway HTTP API (payload 2.0): the verdict table and configuration from the environment. */
export const handler = createApiHandler(() => apiDepsFromEnv());
