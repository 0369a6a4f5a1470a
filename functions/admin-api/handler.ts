import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import middy from '@middy/core';
import type { ApiEvent, ApiResult } from '../http/api-event';
import { errorResult } from '../http/http-errors';
import { logger, metrics, tracer } from '../runtime/observability';
import { adminDepsFromEnv, type AdminApiDeps } from './admin-deps';
import { routeAdminRequest } from './admin-router';

/**
 * The admin API's Lambda handler (revoke by hand, re-evaluate) for any set of adapters: AWS (below),
 * DynamoDB Local in the tests. Separate from the lookup API, whose role only reads. `deps` may be a
 * factory, called on the first request and kept for the life of the function instance.
 */
export function createAdminHandler(deps: AdminApiDeps | (() => AdminApiDeps)) {
  let built: AdminApiDeps | undefined;
  const resolve = (): AdminApiDeps => (built ??= typeof deps === 'function' ? deps() : deps);
  return middy(async (event: ApiEvent): Promise<ApiResult> => {
    let ready: AdminApiDeps;
    try {
      ready = resolve();
    } catch (error) {
      logger.error('the admin API cannot start', { error });
      return errorResult(new Error('not configured'), event.requestContext?.requestId);
    }
    return routeAdminRequest(event, ready);
  })
    .use(injectLambdaContext(logger))
    .use(logMetrics(metrics, { captureColdStartMetric: true }))
    .use(captureLambdaHandler(tracer));
}

/** API Gateway HTTP API (payload 2.0): the table and the signer's queue from the environment. */
export const handler = createAdminHandler(() => adminDepsFromEnv());
