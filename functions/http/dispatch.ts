import { logger } from '../runtime/logging';
import type { ApiEvent, ApiResult } from './api-event';
import type { Caller } from './caller';
import { errorResult, HttpRequestError } from './http-errors';

/** What a dispatcher needs of a route: where it is and how it answers. */
export interface DispatchRoute<Deps> {
  readonly method: string;
  readonly path: string;
  handle(request: { event: ApiEvent; deps: Deps; caller: Caller }): Promise<ApiResult>;
}

export interface DispatchOptions<Deps> {
  /** Names the API in messages and logs: `lookup`, `admin`. */
  readonly api: string;
  /** Who called; throws (403) when the caller may not use this API at all. */
  readonly authenticate: (event: ApiEvent, deps: Deps) => Caller;
}

/**
 * Answers one API Gateway HTTP API event for a set of routes: authenticate the caller (every route, no
 * exception), find the route, run it, and turn any error into its status through the one table
 * (http-errors.ts). The lookup and admin APIs differ only in their routes and who may call.
 */
export async function dispatch<Deps>(
  event: ApiEvent,
  deps: Deps,
  routes: readonly DispatchRoute<Deps>[],
  options: DispatchOptions<Deps>,
): Promise<ApiResult> {
  const requestId = event.requestContext?.requestId;
  const method = event.requestContext?.http?.method ?? 'GET';
  const path = requestPath(event);
  try {
    const caller = options.authenticate(event, deps);
    const route = findRoute(routes, method, path);
    const result = await route.handle({ event, deps, caller });
    logger.info('answered', {
      api: options.api,
      method,
      path,
      status: result.statusCode,
      caller: caller.kind,
    });
    return result;
  } catch (error) {
    const result = errorResult(error, requestId);
    const details = { api: options.api, method, path, status: result.statusCode, requestId };
    if (result.statusCode >= 500) logger.error('request failed', { ...details, error });
    else
      logger.info('request refused', {
        ...details,
        reason: error instanceof Error ? error.message : String(error),
      });
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

function findRoute<R extends { readonly method: string; readonly path: string }>(
  routes: readonly R[],
  method: string,
  path: string,
): R {
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
