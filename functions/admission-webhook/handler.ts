import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import type { ApiEvent, ApiResult } from '../http/api-event';
import { logger, metrics } from '../runtime/logging';
import { webhookDepsFromEnv, type WebhookDeps } from './webhook-deps';
import { createWebhookRequestHandler } from './webhook-request-handler';

/**
 * The admission webhook endpoint's Lambda handler for any set of adapters: the request handling in the
 * middy chain of Powertools logger (the event itself is never logged: its path holds the credential)
 * and metrics; traced by Lambda's active tracing alone, as the lookup API (no X-Ray SDK in the bundle).
 */
export function createWebhookHandler(
  deps: WebhookDeps | (() => WebhookDeps),
): (event: ApiEvent, context: Context) => Promise<ApiResult> {
  return middy(createWebhookRequestHandler(deps))
    .use(injectLambdaContext(logger, { logEvent: false }))
    .use(logMetrics(metrics, { captureColdStartMetric: true }));
}

/** API Gateway HTTP API (payload 2.0), the webhook API's one route. */
export const handler = createWebhookHandler(() => webhookDepsFromEnv());
