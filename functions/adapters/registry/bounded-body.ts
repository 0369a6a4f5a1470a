import { UpstreamError } from '../../core/errors';

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
 * `Content-Length` before reading or by counting while reading when the length is not announced.
 */
export async function readBounded(response: Response, limit: number, what: string): Promise<Uint8Array> {
  const announced = Number(response.headers.get('content-length') ?? NaN);
  if (announced > limit) {
    await discardBody(response);
    throw tooLarge(what, limit);
  }
  if (!response.body) return new Uint8Array(0);
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limit) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge(what, limit);
    }
    chunks.push(value);
  }
  return concat(chunks, total);
}

/** Reads at most `limit` bytes of a body as text and drops the rest (for error messages). */
export async function readTextPrefix(response: Response, limit: number): Promise<string> {
  try {
    const bytes = await readBounded(response, limit, 'error body');
    return new TextDecoder().decode(bytes);
  } catch {
    return '';
  }
}

/** Lets go of a body that will not be read, so the connection can be reused. */
export async function discardBody(response: Response): Promise<void> {
  await response.body?.cancel().catch(() => undefined);
}

function concat(chunks: Uint8Array[], total: number): Uint8Array {
  const out = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return out;
}

/** A response body over its limit: not retryable (the same content comes back next time). */
export class ResponseTooLargeError extends UpstreamError {}

function tooLarge(what: string, limit: number): UpstreamError {
  return new ResponseTooLargeError(`${what}: response larger than the limit of ${limit} bytes`);
}
