import {
  type ImageTrustError,
  NotFoundError,
  ThrottledError,
  UnauthorizedError,
  UpstreamError,
} from '../../core/errors';
import { readTextPrefix } from './bounded-body';
import type { RegistryResponse } from './registry-response';
import type { TransportFailure } from './retry';

/** One entry of the distribution spec's error body `{"errors":[{code, message, detail}]}`. */
export interface RegistryErrorEntry {
  readonly code: string;
  readonly message?: string;
  readonly detail?: unknown;
}

/** What a request was: `PUT manifest team/app:v1 on 127.0.0.1:5000`. Never holds a credential. */
export interface RequestContext {
  readonly registry: string;
  readonly method: string;
  /** The object, e.g. `manifest team/app:v1`, `blob team/app@sha256:...`. */
  readonly what: string;
}

/**
 * The HTTP answer behind a translated error, attached as its `cause`: status, the registry's error
 * entries, the response headers (cookies dropped) and the start of the body. The URL has no query
 * string (upload locations carry state and may carry signatures).
 */
export class RegistryResponseError extends Error {
  constructor(
    readonly status: number,
    readonly url: string,
    readonly errors: readonly RegistryErrorEntry[],
    readonly headers: Readonly<Record<string, string>>,
    readonly body: string,
  ) {
    super(`HTTP ${status} from ${url}`);
    this.name = 'RegistryResponseError';
  }
}

/**
 * Translates a response the caller did not expect into an image-trust error: 401/403 Unauthorized,
 * 404 NotFound, 429 Throttled, 5xx Upstream (retryable, except 501), anything else Upstream (not
 * retryable). The message names the request and carries the registry's error codes and messages.
 */
export async function errorFromResponse(
  response: RegistryResponse,
  context: RequestContext,
  bodyLimit: number,
): Promise<ImageTrustError> {
  const body =
    context.method === 'HEAD'
      ? await response.discard().then(() => '')
      : await readTextPrefix(response, bodyLimit);
  const errors = parseErrorBody(body);
  const detail = errors.length
    ? errors.map((e) => (e.message ? `${e.code}: ${e.message}` : e.code)).join('; ')
    : (response.statusText || 'no error details').slice(0, 200);
  const message = `${context.method} ${context.what} on ${context.registry}: HTTP ${response.status} ${detail}`;
  const cause = new RegistryResponseError(
    response.status,
    withoutQuery(response.url),
    errors,
    safeHeaders(response.headers()),
    body.slice(0, 2048),
  );
  const status = response.status;
  if (status === 401 || status === 403) return new UnauthorizedError(message, { cause });
  if (status === 404) return new NotFoundError(message, { cause });
  if (status === 429) return new ThrottledError(message, { cause });
  if (status >= 500) return new UpstreamError(message, { cause, retryable: status !== 501 });
  return new UpstreamError(message, { cause, retryable: false });
}

/** A request that never got an answer, after the retries: retryable Upstream. */
export function errorFromTransportFailure(failure: TransportFailure, context: RequestContext): UpstreamError {
  return new UpstreamError(`${context.method} ${context.what} on ${context.registry}: ${failure.message}`, {
    cause: failure,
    retryable: true,
  });
}

/** The error entries of a distribution error body; empty when the body is not one. */
export function parseErrorBody(body: string): RegistryErrorEntry[] {
  try {
    const parsed: unknown = JSON.parse(body);
    const errors = (parsed as { errors?: unknown }).errors;
    if (!Array.isArray(errors)) return [];
    return errors.flatMap((entry: unknown) => {
      const { code, message, detail } = (entry ?? {}) as Record<string, unknown>;
      if (typeof code !== 'string') return [];
      return [{ code, ...(typeof message === 'string' ? { message } : {}), detail }];
    });
  } catch {
    return [];
  }
}

/** The URL without its query and fragment (they may carry upload state or signatures). */
export function withoutQuery(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.origin}${parsed.pathname}`;
  } catch {
    return '';
  }
}

function safeHeaders(headers: Readonly<Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(headers))
    if (key !== 'set-cookie' && key !== 'location') out[key] = value;
  return out;
}
