import type { Verdict, VerdictKey, VerdictStatus } from './verdict';
import type { VerdictEvent } from './verdict-event';

/** What `apply` did: the verdict as stored afterwards, and whether this call changed it. */
export interface ApplyResult {
  readonly verdict: Verdict;
  readonly changed: boolean;
}

/** One change of a verdict, kept append-only for audit. */
export interface VerdictHistoryEntry {
  /** The verdict version this change produced. */
  readonly version: number;
  /** When the change was written (the store's clock). */
  readonly recordedAt: string;
  /** The event that caused it. */
  readonly event: VerdictEvent;
  readonly status: VerdictStatus;
  /** The status before; absent for the first change. */
  readonly previousStatus?: VerdictStatus;
}

/** Options of `get`. */
export interface GetVerdictOptions {
  /** Read the latest write (default true); false halves the read cost and may lag by a second. */
  readonly consistent?: boolean;
}

/**
 * Where verdicts live: one small operation per method, like Powertools' BasePersistenceLayer. The
 * DynamoDB adapter (functions/adapters/dynamodb/) implements it; the core use cases take it as a
 * parameter. Implementations translate their failures into image-trust errors: ConflictError (a race
 * lost too often), ThrottledError, UpstreamError.
 */
export interface VerdictStore {
  /** The verdict of one image, or undefined when none was ever recorded. One read. */
  get(key: VerdictKey, options?: GetVerdictOptions): Promise<Verdict | undefined>;

  /**
   * The verdicts of many images, in the order of `keys` (undefined where none was recorded). Still
   * one read per distinct image: the DynamoDB adapter batches them (BatchGetItem, 100 per call) and
   * retries what DynamoDB left unprocessed. A key given twice is read once.
   */
  getMany(
    keys: readonly VerdictKey[],
    options?: GetVerdictOptions,
  ): Promise<readonly (Verdict | undefined)[]>;

  /**
   * Reads the verdict, computes `nextVerdict` and writes it, with its history entry, only if it is
   * still the version read. A lost race is retried a bounded number of times (reading again), then
   * reported as ConflictError. A duplicate or superseded event returns `changed: false` and writes
   * nothing.
   */
  apply(key: VerdictKey, event: VerdictEvent): Promise<ApplyResult>;

  /**
   * Verdicts in one status, least recently changed first (for the reconciler).
   *
   * @param olderThan only verdicts whose `updatedAt` is before this time
   * @param limit at most this many (default 100)
   */
  listByStatus(status: VerdictStatus, olderThan?: string, limit?: number): Promise<readonly Verdict[]>;

  /** The changes of one verdict, newest first, at most `limit` (default 50). */
  history(key: VerdictKey, limit?: number): Promise<readonly VerdictHistoryEntry[]>;

  /**
   * Takes the right to sign this image for `ttlMs`: succeeds when no lease exists, the lease expired,
   * or `owner` already holds it (which renews it). Two workers never both hold it while it is valid.
   *
   * @returns whether `owner` now holds the lease
   */
  acquireSigningLease(key: VerdictKey, owner: string, ttlMs: number): Promise<boolean>;

  /** Gives up the lease if `owner` holds it; returns whether it did. */
  releaseSigningLease(key: VerdictKey, owner: string): Promise<boolean>;
}
