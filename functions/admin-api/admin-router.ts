import type { ApiEvent, ApiResult } from '../http/api-event';
import { dispatch } from '../http/dispatch';
import { adminCaller } from './admin-caller';
import type { AdminApiDeps } from './admin-deps';
import { ADMIN_ROUTES, type AdminRoute } from './admin-routes';

/** Answers one admin request (see functions/http/dispatch.ts): IAM callers only, the admin routes. */
export function routeAdminRequest(
  event: ApiEvent,
  deps: AdminApiDeps,
  routes: readonly AdminRoute[] = ADMIN_ROUTES,
): Promise<ApiResult> {
  return dispatch(event, deps, routes, { api: 'admin', authenticate: (e, d) => adminCaller(e, d.auth) });
}
