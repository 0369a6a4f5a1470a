import type { z } from 'zod';
import type { ApiDeps } from '../api-deps';
import type { ApiEvent, ApiResult } from '../../http/api-event';
import type { Caller } from '../../http/caller';
import { errorBodySchema } from '../schemas/response-schemas';

/** One documented response of a route. */
export interface ResponseSpec {
  readonly description: string;
  readonly schema: z.ZodType;
  /** Default `application/json`. */
  readonly contentType?: string;
  /** Response headers worth documenting, name to description. */
  readonly headers?: Readonly<Record<string, string>>;
}

/** A query parameter of a route. */
export interface QueryParameter {
  readonly name: string;
  readonly required: boolean;
  readonly description: string;
}

/** A route as the OpenAPI document describes it. */
export interface RouteSpec {
  readonly method: 'GET' | 'POST';
  readonly path: string;
  readonly operationId: string;
  readonly summary: string;
  readonly description: string;
  readonly query?: readonly QueryParameter[];
  readonly requestBody?: z.ZodType;
  /** Every status the route answers with (unexpected failures are the document's `default`). */
  readonly responses: Readonly<Record<number, ResponseSpec>>;
}

/** What a route handler gets. */
export interface RouteContext {
  readonly event: ApiEvent;
  readonly deps: ApiDeps;
  readonly caller: Caller;
}

/** A route: its documentation and its handler, side by side so they cannot drift apart. */
export interface Route extends RouteSpec {
  handle(context: RouteContext): Promise<ApiResult>;
}

const error = (description: string, headers?: Record<string, string>): ResponseSpec => ({
  description,
  schema: errorBodySchema,
  ...(headers === undefined ? {} : { headers }),
});
const RETRY_AFTER = { 'retry-after': 'Seconds to wait before trying again' };

/** Every route answers these. */
export const AUTH_RESPONSES = {
  403: error('Not authenticated: neither an IAM (SigV4) caller nor a verified client certificate'),
} as const;

/** Routes with a JSON body answer these. */
export const BODY_RESPONSES = {
  400: error(
    'The body is not what the route accepts: not JSON, nested too deep, or invalid (the message says where)',
  ),
  413: error('The body is larger than 1 MiB'),
  415: error('The body is not JSON by its content type'),
} as const;

/** Routes whose answer is only a lookup answer these when the store fails or is too slow. */
export const STORE_RESPONSES = {
  429: error('The verdict store is throttling: try again (Retry-After)', RETRY_AFTER),
  503: error('The verdict store failed or did not answer in time: try again (Retry-After)', RETRY_AFTER),
} as const;
