import { ImageTrustError, UpstreamError } from '../errors';

/** The store did not answer in time: retryable, and a denial until it does. */
export class LookupTimeoutError extends UpstreamError {
  constructor(
    readonly timeoutMs: number,
    what: string,
  ) {
    super(`${what} timed out after ${timeoutMs} ms`, { retryable: true });
  }
}

/**
 * Waits for `work` at most `timeoutMs`. The work is not cancelled (a late failure is swallowed), but
 * nobody waits for it any more.
 *
 * @throws LookupTimeoutError when `work` takes longer
 */
export async function withTimeout<T>(work: Promise<T>, timeoutMs: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new LookupTimeoutError(timeoutMs, what)), timeoutMs);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
    work.catch(() => undefined);
  }
}

/**
 * A store failure as an image-trust error: the store's own errors (UpstreamError, ThrottledError)
 * are kept, anything else (a bug, an unexpected SDK error) becomes a retryable UpstreamError.
 */
export function asLookupError(error: unknown, what: string): ImageTrustError {
  if (error instanceof ImageTrustError) return error;
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return new UpstreamError(`${what} failed: ${message}`, { cause: error, retryable: true });
}
