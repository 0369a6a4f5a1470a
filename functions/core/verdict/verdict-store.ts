import type { Verdict, VerdictKey, VerdictStatus } from './verdict';
import type { VerdictEvent } from './verdict-event';

/** One change of a verdict, kept append-only for audit. */
export interface VerdictHistoryEntry {
  /** The verdict version this change produced. */
  readonly version: number;
  /** When the change was written (the engine's clock: the verdict's `updatedAt`). */
  readonly recordedAt: string;
  /** The event that caused it. */
  readonly event: VerdictEvent;
  readonly status: VerdictStatus;
  /** The status before; absent for the first change. */
  readonly previousStatus?: VerdictStatus;
}

/** One platform manifest of an image index, as the index lists it. */
export interface IndexMember {
  readonly digest: string;
  /** `os/architecture[/variant]`, e.g. `linux/arm64`. */
  readonly platform: string;
}

/** Options of `get`. */
export interface GetVerdictOptions {
  /** Read the latest write (default true); false halves the read cost and may lag by a second. */
  readonly consistent?: boolean;
}

/**
 * What a conditional put did: written, or not because the stored version was no longer the expected
 * one (another writer won the race; `cause` is the store's own report of it, for the error chain).
 */
export type ConditionalPutResult =
  | { readonly written: true; readonly leaseReleased?: boolean }
  | { readonly written: false; readonly cause: unknown };

/** Options of `putIfVersion`. */
export interface PutIfVersionOptions {
  /**
   * Gives up the image's signing lease (SigningLease) held by this owner in the same write, if it still
   * holds it; the result's `leaseReleased` says whether it did (else the caller releases it itself).
   */
  readonly releaseLeaseOf?: string;
}

/**
 * Where verdicts live: what a table does, and nothing more, like Powertools' BasePersistenceLayer. The
 * write algorithm (validate, read, `nextVerdict`, conditional put, retry a lost race) is the core's
 * `recordVerdict`; the DynamoDB adapter (functions/adapters/dynamodb/) implements this port. Implementations
 * translate their failures into image-trust errors: ThrottledError, UpstreamError, InvalidInputError.
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
   * Writes `verdict` and its history entry together (both or neither), only if the stored version is
   * still `expectedVersion` (0: no verdict stored yet). A lost race is `{ written: false }`, not an error.
   * A lease no longer held by `options.releaseLeaseOf` never stops the write (`leaseReleased: false`).
   */
  putIfVersion(
    verdict: Verdict,
    entry: VerdictHistoryEntry,
    expectedVersion: number,
    options?: PutIfVersionOptions,
  ): Promise<ConditionalPutResult>;

  /**
   * Writes a re-sealed verdict (the same decision with a new seal, `validUntil` and `resealAt`: see
   * `resealVerdict`) without a history entry, only if the stored version is still `expectedVersion`.
   */
  putResealed(verdict: Verdict, expectedVersion: number): Promise<ConditionalPutResult>;

  /**
   * Verdicts in one status, least recently changed first (for the reconciler).
   *
   * @param olderThan only verdicts whose `updatedAt` is before this time
   * @param limit at most this many (default 100)
   */
  listByStatus(status: VerdictStatus, olderThan?: string, limit?: number): Promise<readonly Verdict[]>;

  /**
   * VERIFIED verdicts whose next review is due by `dueBy`, earliest first (the reconciler's freshness
   * work: a scan gone stale, a grace ending, an exception expiring; and seals to renew). The next review
   * is the earlier of the verdict's `validity.reviewAt` and `resealAt`, or a later time set by
   * `postponeReview`.
   *
   * @param limit at most this many (default 100)
   */
  listDueForReview(dueBy: string, limit?: number): Promise<readonly Verdict[]>;

  /**
   * Moves a verdict's next review to `reviewAt` without changing the verdict (no version, no history),
   * if its version is still `expectedVersion`; false when a newer write came first.
   */
  postponeReview(key: VerdictKey, expectedVersion: number, reviewAt: string): Promise<boolean>;

  /** The changes of one verdict, newest first, at most `limit` (default 50). */
  history(key: VerdictKey, limit?: number): Promise<readonly VerdictHistoryEntry[]>;

  /**
   * Records that `index` (in its repository) lists `members` as its runnable platforms, both ways
   * (a platform finds the indexes that hold it, an index its platforms). Idempotent.
   */
  putMemberships(index: VerdictKey, members: readonly IndexMember[]): Promise<void>;

  /** The digests of the indexes recorded as holding `platform` (same repository). */
  indexesOf(platform: VerdictKey): Promise<readonly string[]>;

  /** The runnable platforms recorded for `index`, ordered by digest. */
  platformsOf(index: VerdictKey): Promise<readonly IndexMember[]>;
}
