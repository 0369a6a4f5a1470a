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
 * An error as a response: the status from HTTP_STATUS, `Retry-After` for what may succeed later.
 * Anything that is neither an image-trust nor an HTTP request error is a bug: 500, with a message
 * that reveals nothing of it (the caller logs it).
 */
export function errorResult(error: unknown, requestId: string | undefined): ApiResult {
  const { code, message, retryable, headers } = describe(error);
  const body: ErrorBody = {
    error: { code, message, retryable, ...(requestId === undefined ? {} : { requestId }) },
  };
  return {
    statusCode: HTTP_STATUS[code],
    headers: {
      'content-type': 'application/json',
      'cache-control': 'no-store',
      ...(retryable ? { 'retry-after': '1' } : {}),
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
