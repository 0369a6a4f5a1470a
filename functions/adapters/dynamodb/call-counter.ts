/** A DynamoDB API operation the verdict store uses. */
export type DynamoDbOperation =
  'GetItem' | 'BatchGetItem' | 'Query' | 'PutItem' | 'UpdateItem' | 'DeleteItem' | 'TransactWriteItems';

/** How a call ended: `condition-failed` covers a failed condition and a transaction cancelled for one. */
export type DynamoDbCallOutcome = 'ok' | 'condition-failed' | 'error';

/** One DynamoDB call the store made (each SDK `send`, not counting the SDK's own retries). */
export interface DynamoDbCallEvent {
  readonly operation: DynamoDbOperation;
  readonly kind: 'read' | 'write';
  /** Items the call writes (a transaction's items), or items a read returned. */
  readonly items: number;
  readonly outcome: DynamoDbCallOutcome;
  readonly durationMs: number;
}

/** Called once per DynamoDB call; must not throw. */
export type DynamoDbCallListener = (event: DynamoDbCallEvent) => void;

/**
 * Counts DynamoDB calls, so benchmarks can report "DynamoDB writes per image": pass
 * `counter.listener` as the store's `onCall` and read the counts after the work.
 */
export class DynamoDbCallCounter {
  private readonly events: DynamoDbCallEvent[] = [];

  readonly listener: DynamoDbCallListener = (event) => {
    this.events.push(event);
  };

  /** Write calls that succeeded. */
  get writes(): number {
    return this.count((e) => e.kind === 'write' && e.outcome === 'ok');
  }

  /** Items written by successful writes (a verdict change is 2: the verdict and its history entry). */
  get itemsWritten(): number {
    return this.events.reduce((n, e) => n + (e.kind === 'write' && e.outcome === 'ok' ? e.items : 0), 0);
  }

  /** Write calls refused by their condition (lost races, leases held by others). */
  get conditionFailures(): number {
    return this.count((e) => e.outcome === 'condition-failed');
  }

  /** Read calls, whatever their outcome. */
  get reads(): number {
    return this.count((e) => e.kind === 'read');
  }

  /** Counts keyed `Operation outcome` (`TransactWriteItems ok`), sorted by key. */
  snapshot(): Record<string, number> {
    const counts = new Map<string, number>();
    for (const e of this.events) {
      const key = `${e.operation} ${e.outcome}`;
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    return Object.fromEntries([...counts.entries()].sort(([a], [b]) => a.localeCompare(b)));
  }

  /** The calls in the order they ended. */
  history(): readonly DynamoDbCallEvent[] {
    return [...this.events];
  }

  reset(): void {
    this.events.length = 0;
  }

  private count(predicate: (e: DynamoDbCallEvent) => boolean): number {
    return this.events.filter(predicate).length;
  }
}
