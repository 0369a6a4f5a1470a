/** Per-operation call counters of the emulator: every request counts, answered or failed. */
import type { EcrOperation } from './wire';

/** One call as the emulator saw it: the operation and the error type it answered with, if any. */
export interface CallRecord {
  readonly operation: EcrOperation;
  readonly error?: string;
}

/** Counts calls per operation; tests read `count` and reset between cases. */
export class CallCounter {
  private readonly records: CallRecord[] = [];

  record(call: CallRecord): void {
    this.records.push(call);
  }

  /** Calls of one operation, or of all when none is named. */
  count(operation?: EcrOperation): number {
    return this.log(operation).length;
  }

  /** Calls of one operation (or all) answered with an error. */
  failed(operation?: EcrOperation): number {
    return this.log(operation).filter((c) => c.error !== undefined).length;
  }

  /** The calls in the order they arrived. */
  log(operation?: EcrOperation): readonly CallRecord[] {
    return operation === undefined
      ? [...this.records]
      : this.records.filter((c) => c.operation === operation);
  }

  reset(): void {
    this.records.length = 0;
  }
}
