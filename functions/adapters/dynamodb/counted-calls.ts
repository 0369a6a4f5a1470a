import type { DynamoDbCallListener, DynamoDbOperation } from './call-counter';
import { isLostRace } from './dynamodb-errors';

/** Runs DynamoDB calls and tells a listener about each: operation, items, outcome, duration. */
export class CountedCalls {
  constructor(private readonly listener?: DynamoDbCallListener) {}

  /** A read; `items` counts what it returned. */
  async read<T>(operation: DynamoDbOperation, items: (out: T) => number, send: () => Promise<T>): Promise<T> {
    const started = performance.now();
    try {
      const out = await send();
      this.tell(operation, 'read', items(out), 'ok', started);
      return out;
    } catch (error) {
      this.tell(operation, 'read', 0, 'error', started);
      throw error;
    }
  }

  /** A write of `items` items; a failed condition is counted as `condition-failed`. */
  async write<T>(operation: DynamoDbOperation, items: number, send: () => Promise<T>): Promise<T> {
    const started = performance.now();
    try {
      const out = await send();
      this.tell(operation, 'write', items, 'ok', started);
      return out;
    } catch (error) {
      this.tell(operation, 'write', items, isLostRace(error) ? 'condition-failed' : 'error', started);
      throw error;
    }
  }

  private tell(
    operation: DynamoDbOperation,
    kind: 'read' | 'write',
    items: number,
    outcome: 'ok' | 'condition-failed' | 'error',
    started: number,
  ): void {
    this.listener?.({ operation, kind, items, outcome, durationMs: performance.now() - started });
  }
}
