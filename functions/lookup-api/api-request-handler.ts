import { logger } from '../runtime/logging';
import type { ApiDeps } from './api-deps';
import type { ApiEvent, ApiResult } from '../http/api-event';
import { errorResult } from '../http/http-errors';
import { routeRequest } from './router';

/** An API Gateway HTTP API (payload 2.0) event in, the HTTP answer out. */
export type ApiRequestHandler = (event: ApiEvent) => Promise<ApiResult>;

/**
 * The lookup API's request handling, without the Lambda middleware: what `handler.ts` wraps in its
 * middy chain (Powertools logger, metrics, tracer), and what the local mode serves as it is (`npm start`
 * runs on tsx, which cannot load middy's ESM-only package from CommonJS). `deps` may be a factory: it is
 * called on the first request and its result kept (once per cold start).
 */
export function createApiRequestHandler(deps: ApiDeps | (() => ApiDeps)): ApiRequestHandler {
  let built: ApiDeps | undefined;
  const resolve = (): ApiDeps => (built ??= typeof deps === 'function' ? deps() : deps);
  return async (event) => {
    let ready: ApiDeps;
    try {
      ready = resolve();
    } catch (error) {
      // A configuration error is the server's fault: 500 for every caller, the cause only in the log.
      logger.error('the API cannot start', { error });
      return errorResult(new Error('not configured'), event.requestContext?.requestId);
    }
    return routeRequest(event, ready);
  };
}
