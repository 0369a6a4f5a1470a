/**
 * Counts the requests the emulator received, per operation: every attempt counts, SDK retries and
 * throttled or failed requests included, as they count against KMS quotas and on the bill.
 */
export class KmsCallCounters {
  private readonly requests = new Map<string, number>();
  private readonly throttledRequests = new Map<string, number>();

  /** Records one request (the emulator calls this). */
  record(operation: string, throttled: boolean): void {
    this.requests.set(operation, (this.requests.get(operation) ?? 0) + 1);
    if (throttled) this.throttledRequests.set(operation, (this.throttledRequests.get(operation) ?? 0) + 1);
  }

  /** Requests for one operation (`Sign`, ...), or for all when none is named. */
  count(operation?: string): number {
    return sum(this.requests, operation);
  }

  /** Of those, the ones answered with ThrottlingException by a throttle fault. */
  throttled(operation?: string): number {
    return sum(this.throttledRequests, operation);
  }

  /** Requests per operation, e.g. `{ DescribeKey: 1, GetPublicKey: 1, Sign: 3 }`. */
  snapshot(): Readonly<Record<string, number>> {
    return Object.fromEntries(this.requests);
  }

  /** Starts counting from zero (e.g. before the part of a benchmark that is measured). */
  reset(): void {
    this.requests.clear();
    this.throttledRequests.clear();
  }
}

function sum(counts: ReadonlyMap<string, number>, operation?: string): number {
  if (operation !== undefined) return counts.get(operation) ?? 0;
  let total = 0;
  for (const n of counts.values()) total += n;
  return total;
}
