/** What a registry request was for, so benchmarks can say which requests a signature costs. */
export type RequestKind = 'manifest' | 'blob' | 'tags' | 'referrers' | 'token';

/** One HTTP request the client sent (each retry, redirect and 401 round trip is one). */
export interface RegistryRequestEvent {
  /** The registry host the request belongs to (a token realm's requests count for its registry). */
  readonly registry: string;
  readonly method: string;
  readonly kind: RequestKind;
  /** The HTTP status, or `undefined` when no response came (network error, timeout). */
  readonly status: number | undefined;
  readonly durationMs: number;
  /** 1 for the first try of a request, 2 and up for its retries. */
  readonly attempt: number;
}

/** Called once per HTTP request sent; must not throw. */
export type RequestListener = (event: RegistryRequestEvent) => void;

/**
 * Counts requests by `METHOD kind` (`GET manifest`, `PUT blob`): pass `counter.listener` as the
 * client's `onRequest` and read `snapshot()` or `total` after the work.
 */
export class RequestCounter {
  private readonly counts = new Map<string, number>();
  private readonly events: RegistryRequestEvent[] = [];

  readonly listener: RequestListener = (event) => {
    const key = `${event.method} ${event.kind}`;
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
    this.events.push(event);
  };

  /** All requests counted so far. */
  get total(): number {
    return this.events.length;
  }

  /** Requests with this method and kind (`count('PUT', 'manifest')`). */
  count(method: string, kind: RequestKind): number {
    return this.counts.get(`${method} ${kind}`) ?? 0;
  }

  /** Counts keyed `METHOD kind`, sorted by key. */
  snapshot(): Record<string, number> {
    return Object.fromEntries([...this.counts.entries()].sort(([a], [b]) => a.localeCompare(b)));
  }

  /** The requests in the order they were sent. */
  history(): readonly RegistryRequestEvent[] {
    return [...this.events];
  }

  reset(): void {
    this.counts.clear();
    this.events.length = 0;
  }
}
