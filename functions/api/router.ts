import { logger } from '../runtime/observability';
import type { ApiDeps } from './api-deps';
import type { ApiEvent, ApiResult } from './api-event';
import { authenticate } from './caller';
import { errorResult, HttpRequestError } from './http-errors';
import { ROUTES, type Route } from './routes';

/**
 * Answers one API Gateway HTTP API event: authenticate the caller (every route, no exception), find
 * the route, run it, and turn any error into its status through the one table (http-errors.ts).
 */
export async function routeRequest(
  event: ApiEvent,
  deps: ApiDeps,
  routes: readonly Route[] = ROUTES,
): Promise<ApiResult> {
  const requestId = event.requestContext?.requestId;
  const method = event.requestContext?.http?.method ?? 'GET';
  const path = requestPath(event);
  try {
    const caller = authenticate(event, deps.auth);
    const route = findRoute(routes, method, path);
    const result = await route.handle({ event, deps, caller });
    logger.info('answered', { method, path, status: result.statusCode, caller: caller.kind });
    return result;
  } catch (error) {
    const result = errorResult(error, requestId);
    if (result.statusCode >= 500) {
      logger.error('request failed', { method, path, status: result.statusCode, error });
    } else {
      const reason = error instanceof Error ? error.message : String(error);
      logger.info('request refused', { method, path, status: result.statusCode, reason });
    }
    return result;
  }
}

/** The path without the stage prefix (a named stage) or a trailing slash; `%3A` read as `:`. */
export function requestPath(event: ApiEvent): string {
  let path = (event.rawPath ?? '/').replace(/%3A/gi, ':');
  const stage = event.requestContext?.stage;
  if (stage && stage !== '$default' && path.startsWith(`/${stage}/`)) path = path.slice(stage.length + 1);
  return path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path;
}

function findRoute(routes: readonly Route[], method: string, path: string): Route {
  const onPath = routes.filter((r) => r.path === path);
  if (onPath.length === 0) {
    throw new HttpRequestError(
      'ROUTE_NOT_FOUND',
      `no route ${path.slice(0, 100)}: see docs/API.md for the routes`,
    );
  }
  const route = onPath.find((r) => r.method === method);
  if (route === undefined) {
    const allow = onPath.map((r) => r.method).join(', ');
    throw new HttpRequestError('METHOD_NOT_ALLOWED', `${path} answers ${allow}, not ${method.slice(0, 10)}`, {
      allow,
    });
  }
  return route;
}
