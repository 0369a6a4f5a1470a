import type { RegistryResponse } from './registry-response';

/**
 * Retries of one registry request: 429 and 5xx answers and network failures are tried again with
 * exponential backoff and full jitter, honouring `Retry-After`, a bounded number of times.
 */
export interface RetryPolicy {
  /** Tries in all, the first included. */
  readonly maxAttempts: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  /** A `Retry-After` longer than this ends the retries at once (the caller decides what to do). */
  readonly maxRetryAfterMs: number;
  /** Injectable so tests run fast and can see the delays. */
  readonly sleep: (ms: number) => Promise<void>;
  /** In [0, 1). */
  readonly random: () => number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 4,
  baseDelayMs: 200,
  maxDelayMs: 5_000,
  maxRetryAfterMs: 30_000,
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  random: Math.random,
};

/** A request that got no HTTP answer (connection refused or reset, DNS, timeout): worth another try. */
export class TransportFailure extends Error {
  constructor(cause: unknown) {
    super(describeFailure(cause), { cause });
    this.name = 'TransportFailure';
  }
}

/** 429 and the 5xx a retry may cure (not 501 Not Implemented). */
export function isRetryableStatus(status: number): boolean {
  return status === 429 || (status >= 500 && status <= 599 && status !== 501);
}

/** The delay before retry number `retry` (1 for the first retry): full jitter over an exponential cap. */
export function backoffDelayMs(policy: RetryPolicy, retry: number): number {
  const cap = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (retry - 1));
  return Math.floor(policy.random() * cap);
}

/** `Retry-After` as milliseconds from `now`: delta seconds or an HTTP date; `undefined` if absent or bad. */
export function retryAfterMs(header: string | null, now: number = Date.now()): number | undefined {
  if (header === null) return undefined;
  const value = header.trim();
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/**
 * Runs `attempt` until it answers with a status that is not worth retrying, the attempts run out, or a
 * `Retry-After` asks for more patience than the policy has. Returns the last response, whatever its
 * status; throws the last TransportFailure when no response came. Other errors pass through at once.
 */
export async function withRetry(
  policy: RetryPolicy,
  attempt: (attemptNumber: number) => Promise<RegistryResponse>,
): Promise<RegistryResponse> {
  for (let n = 1; ; n++) {
    let response: RegistryResponse;
    try {
      response = await attempt(n);
    } catch (error) {
      if (!(error instanceof TransportFailure) || n >= policy.maxAttempts) throw error;
      await policy.sleep(backoffDelayMs(policy, n));
      continue;
    }
    if (!isRetryableStatus(response.status) || n >= policy.maxAttempts) return response;
    const after = retryAfterMs(response.header('retry-after'));
    if (after !== undefined && after > policy.maxRetryAfterMs) return response;
    await response.discard();
    await policy.sleep(after ?? backoffDelayMs(policy, n));
  }
}

function describeFailure(cause: unknown): string {
  // Duck-typed: errors may come from another realm (a test VM), where instanceof Error fails.
  const {
    name,
    message,
    code: own,
    cause: inner,
  } = (cause ?? {}) as { name?: unknown; message?: unknown; code?: unknown; cause?: unknown };
  if (name === 'TimeoutError' || name === 'AbortError') return 'request timed out';
  const code = own ?? (inner as { code?: unknown } | undefined)?.code;
  if (typeof code === 'string') return `network error ${code}`;
  return typeof message === 'string' ? `network error: ${message}` : 'network error';
}
