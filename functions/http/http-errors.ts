import { ImageTrustError, type ErrorCode } from '../core/errors';
import type { ApiResult } from './api-event';

/** Codes only the HTTP layer raises (they describe the request, not the domain). */
export type HttpOnlyCode =
  'ROUTE_NOT_FOUND' | 'METHOD_NOT_ALLOWED' | 'PAYLOAD_TOO_LARGE' | 'UNSUPPORTED_MEDIA_TYPE' | 'INTERNAL';
export type ApiErrorCode = ErrorCode | HttpOnlyCode;

/** The one table from error codes to HTTP statuses. */
export const HTTP_STATUS: Readonly<Record<ApiErrorCode, number>> = {
  INVALID_INPUT: 400,
  UNAUTHORIZED: 403,
  NOT_FOUND: 404,
  ROUTE_NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  VERIFICATION_FAILED: 422,
  UNSUPPORTED: 422,
  THROTTLED: 429,
  INTERNAL: 500,
  UPSTREAM: 503,
};

/** Every code an error body can carry. */
export const API_ERROR_CODES = Object.keys(HTTP_STATUS) as [ApiErrorCode, ...ApiErrorCode[]];

/** A request the HTTP layer refuses before any use case runs. */
export class HttpRequestError extends Error {
  constructor(
    readonly code: HttpOnlyCode,
    message: string,
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
    this.name = 'HttpRequestError';
  }
}

/** The body of every error response. */
export interface ErrorBody {
  readonly error: {
    readonly code: ApiErrorCode;
    readonly message: string;
    readonly retryable: boolean;
    readonly requestId?: string;
  };
}

/**
 * What a caller reads of a failure on our side (5xx) or a dependency's refusal for rate (429): a fixed
 * sentence per code. The error's own message may carry an SDK message, a host, an ARN or a table name;
 * it goes to the log (dispatch.ts), never into the body.
 */
const PUBLIC_MESSAGES: Partial<Record<ApiErrorCode, string>> = {
  UPSTREAM: 'a service image-trust depends on did not answer: try again later (the request id is in the log)',
  INTERNAL: 'internal error: the request was not answered (the request id is in the log)',
  THROTTLED: 'a service image-trust depends on is busy: try again later',
};

/**
 * An error as a response: the status from HTTP_STATUS, `Retry-After` for what may succeed later (and
 * every 503). Anything that is neither an image-trust nor an HTTP request error is a bug: 500. A 5xx or
 * 429 body carries its code, a fixed message and the request id, nothing of the error itself.
 */
export function errorResult(error: unknown, requestId: string | undefined): ApiResult {
  const described = describe(error);
  const { code, retryable, headers } = described;
  const message = PUBLIC_MESSAGES[code] ?? described.message;
  const status = HTTP_STATUS[code];
  const body: ErrorBody = {
    error: { code, message, retryable, ...(requestId === undefined ? {} : { requestId }) },
  };
  return {
    statusCode: status,
    headers: {
      'content-type': 'application/json',
      'cache-control': 'no-store',
      ...(retryable || status === 503 ? { 'retry-after': retryable ? '1' : '30' } : {}),
      ...headers,
    },
    body: JSON.stringify(body),
  };
}

function describe(error: unknown): {
  code: ApiErrorCode;
  message: string;
  retryable: boolean;
  headers: Readonly<Record<string, string>>;
} {
  if (error instanceof ImageTrustError) {
    return { code: error.code, message: error.message, retryable: error.retryable, headers: {} };
  }
  if (error instanceof HttpRequestError) {
    return { code: error.code, message: error.message, retryable: false, headers: error.headers };
  }
  return {
    code: 'INTERNAL',
    message: 'internal error: the request was not answered',
    retryable: true,
    headers: {},
  };
}
