import { InvalidInputError, UnsupportedError } from '../core/errors';
import type { BreakGlassUse } from '../core/ports/break-glass-log';
import { jsonResult } from '../http/http-response';
import type { ApiEvent, ApiResult } from '../http/api-event';
import type { AdminApiDeps } from './admin-deps';

/** The most uses one listing returns. */
export const MAX_BREAK_GLASS_LIST = 500;

/** What `GET /v1/admin/break-glass` answers. */
export interface BreakGlassListing {
  /** Newest first. */
  readonly uses: readonly BreakGlassUse[];
}

/** `GET /v1/admin/break-glass?limit=N`: the recorded break-glass uses, newest first (default 100). */
export const breakGlassRoute = {
  method: 'GET' as const,
  path: '/v1/admin/break-glass',
  async handle({ event, deps }: { event: ApiEvent; deps: AdminApiDeps }): Promise<ApiResult> {
    if (deps.breakGlass === undefined) throw new UnsupportedError('this admin API keeps no break-glass log');
    const text = event.queryStringParameters?.limit ?? '100';
    const limit = Number(text);
    if (!/^\d{1,4}$/.test(text) || limit < 1 || limit > MAX_BREAK_GLASS_LIST) {
      throw new InvalidInputError(`limit must be 1 to ${MAX_BREAK_GLASS_LIST}, not '${text.slice(0, 20)}'`);
    }
    const listing: BreakGlassListing = { uses: await deps.breakGlass.list(limit) };
    return jsonResult(200, listing);
  },
};
