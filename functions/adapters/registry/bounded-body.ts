import { UpstreamError } from '../../core/errors';
import type { RegistryResponse } from './registry-response';
import { TransportFailure } from './retry';

/** Size limits of the response bodies this client reads into memory. */
export interface BodyLimits {
  readonly manifestBytes: number;
  readonly blobBytes: number;
  /** One page of a tags list or of the referrers API. */
  readonly listBytes: number;
  readonly tokenBytes: number;
  /** The JSON error body of a failed request (what is kept for the error message). */
  readonly errorBytes: number;
}

export const DEFAULT_BODY_LIMITS: BodyLimits = {
  manifestBytes: 4 * 1024 * 1024,
  blobBytes: 64 * 1024 * 1024,
  listBytes: 4 * 1024 * 1024,
  tokenBytes: 1024 * 1024,
  errorBytes: 64 * 1024,
};

/**
 * Reads a response body, refusing (UpstreamError, not retryable) one larger than `limit` bytes, by its
 * `Content-Length` before reading or by counting while reading when the length is not announced. A
 * body cut short (timeout, reset) is a retryable UpstreamError.
 */
export async function readBounded(
  response: RegistryResponse,
  limit: number,
  what: string,
): Promise<Uint8Array> {
  let bytes: Uint8Array | undefined;
  try {
    bytes = await response.read(limit);
  } catch (error) {
    const failure = new TransportFailure(error);
    throw new UpstreamError(`${what}: the body was cut short: ${failure.message}`, {
      cause: failure,
      retryable: true,
    });
  }
  if (bytes === undefined) throw tooLarge(what, limit);
  return bytes;
}

/** Reads at most `limit` bytes of a body as text and drops the rest (for error messages). */
export async function readTextPrefix(response: RegistryResponse, limit: number): Promise<string> {
  try {
    const bytes = await readBounded(response, limit, 'error body');
    return new TextDecoder().decode(bytes);
  } catch {
    return '';
  }
}

/** A response body over its limit: not retryable (the same content comes back next time). */
export class ResponseTooLargeError extends UpstreamError {}

function tooLarge(what: string, limit: number): UpstreamError {
  return new ResponseTooLargeError(`${what}: response larger than the limit of ${limit} bytes`);
}
