import type { VerdictKey } from '../verdict/verdict';

/**
 * The right to sign one image, held by one worker at a time for a while. The DynamoDB adapter
 * (SigningLeases) implements it with one conditional write per call.
 */
export interface SigningLease {
  /**
   * Takes the right to sign this image for `ttlMs`: succeeds when no lease exists, the lease expired,
   * or `owner` already holds it (which renews it). Two workers never both hold it while it is valid.
   *
   * @returns whether `owner` now holds the lease
   * @throws InvalidInputError without an owner or a positive duration
   */
  acquire(key: VerdictKey, owner: string, ttlMs: number): Promise<boolean>;

  /** Gives up the lease if `owner` holds it; returns whether it did. */
  release(key: VerdictKey, owner: string): Promise<boolean>;
}
