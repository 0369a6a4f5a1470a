import type { ApiEvent, ApiResult } from '../api/api-event';
import { errorResult, HttpRequestError } from '../api/http-errors';
import { requestPath } from '../api/router';
import { logger } from '../runtime/observability';
import { adminCaller } from './admin-caller';
import type { AdminApiDeps } from './admin-deps';
import { ADMIN_ROUTES, type AdminRoute } from './admin-routes';

/**
 * Answers one admin request: authenticate (an IAM caller, every route), find the route, run it, and
 * turn any error into its status through the lookup API's one table (functions/api/http-errors.ts).
 */
export async function routeAdminRequest(
  event: ApiEvent,
  deps: AdminApiDeps,
  routes: readonly AdminRoute[] = ADMIN_ROUTES,
): Promise<ApiResult> {
  const requestId = event.requestContext?.requestId;
  const method = event.requestContext?.http?.method ?? 'GET';
  const path = requestPath(event);
  try {
    const caller = adminCaller(event, deps.auth);
    const route = findRoute(routes, method, path);
    const result = await route.handle({ event, deps, caller });
    logger.info('answered', { method, path, status: result.statusCode, caller: caller.id });
    return result;
  } catch (error) {
    const result = errorResult(error, requestId);
    const details = { method, path, status: result.statusCode };
    if (result.statusCode >= 500) logger.error('admin request failed', { ...details, error });
    else logger.info('admin request refused', { ...details, reason: (error as Error).message });
    return result;
  }
}

function findRoute(routes: readonly AdminRoute[], method: string, path: string): AdminRoute {
  const onPath = routes.filter((r) => r.path === path);
  if (onPath.length === 0) {
    const known = routes.map((r) => `${r.method} ${r.path}`).join(', ');
    throw new HttpRequestError(
      'ROUTE_NOT_FOUND',
      `no admin route ${path.slice(0, 100)}: the routes are ${known}`,
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
