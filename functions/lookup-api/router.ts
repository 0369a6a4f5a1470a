import type { ApiDeps } from './api-deps';
import type { ApiEvent, ApiResult } from '../http/api-event';
import { authenticate } from '../http/caller';
import { dispatch } from '../http/dispatch';
import { ROUTES, type Route } from './routes';

export { requestPath } from '../http/dispatch';

/** Answers one lookup API request (see dispatch.ts): IAM or mutual-TLS callers, the lookup routes. */
export function routeRequest(
  event: ApiEvent,
  deps: ApiDeps,
  routes: readonly Route[] = ROUTES,
): Promise<ApiResult> {
  return dispatch(event, deps, routes, { api: 'lookup', authenticate: (e, d) => authenticate(e, d.auth) });
}
