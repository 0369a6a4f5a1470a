import type { ApiResult } from './api-event';

const NO_STORE = { 'cache-control': 'no-store' };

/** A JSON response; never cached by intermediaries (verdicts change). */
export function jsonResult(
  statusCode: number,
  body: unknown,
  headers: Record<string, string> = {},
): ApiResult {
  return {
    statusCode,
    headers: { 'content-type': 'application/json', ...NO_STORE, ...headers },
    body: JSON.stringify(body),
  };
}

/** A plain-text response of another media type (the PEM public key). */
export function textResult(
  statusCode: number,
  contentType: string,
  body: string,
  headers: Record<string, string> = {},
): ApiResult {
  return { statusCode, headers: { 'content-type': contentType, ...NO_STORE, ...headers }, body };
}
