import { randomUUID } from 'node:crypto';
import { NotFoundError } from '../errors';
import type { ImageReference } from '../image-reference';
import { canonicalReference } from '../reference/canonical';
import type { Verdict, VerdictKey } from '../verdict/verdict';
import type { RevokedEvent } from '../verdict/verdict-event';
import type { AdminDeps } from './admin-deps';
import { adminKey, checkCaller, checkReason } from './admin-input';
import { recordVerdict } from '../verdict/record-verdict';

/** The reason code of every revocation by hand. */
export const MANUAL_REASON_CODE = 'MANUAL';

/** What a revocation did. */
export interface RevocationResult {
  readonly key: VerdictKey;
  /** The verdict as stored afterwards. */
  readonly verdict: Verdict;
  /** Whether the store changed (false only for a revocation already superseded). */
  readonly changed: boolean;
  /** The event applied. */
  readonly event: RevokedEvent;
}

/**
 * Withdraws trust in one image by hand: applies a `Revoked` event (`id` `manual:<uuid>`, `at` now) whose
 * one reason, code MANUAL, names who revoked it and why. A VERIFIED or REJECTED image becomes REVOKED;
 * a DELETED one stays DELETED; on a PENDING one the revocation is remembered (it counts against any
 * evaluation older than it). A later evaluation (a re-evaluation, a new scan) supersedes it.
 *
 * @param image the image by digest
 * @param reason why, in one line (1-500 characters)
 * @param by who: the caller's IAM principal
 * @throws InvalidInputError (InvalidReferenceError) for a reference without a digest or a bad reason
 * @throws NotFoundError when image-trust has no verdict for the digest: nothing to revoke (a revocation
 *   before the first evaluation would be superseded by it)
 */
export async function revokeImage(
  deps: AdminDeps,
  image: string | ImageReference,
  reason: string,
  by: string,
): Promise<RevocationResult> {
  const key = adminKey(image);
  const why = checkReason(reason);
  const who = checkCaller(by);
  const current = await deps.store.get(key);
  if (current === undefined) {
    throw new NotFoundError(
      `image-trust has no verdict for ${canonicalReference(key)}: nothing to revoke (it sees images when they are pushed)`,
    );
  }
  const event: RevokedEvent = {
    type: 'Revoked',
    id: `manual:${(deps.newId ?? randomUUID)()}`,
    at: deps.now().toISOString(),
    reasons: [{ code: MANUAL_REASON_CODE, message: `revoked by ${who}: ${why}` }],
  };
  const { verdict, changed } = await recordVerdict(deps.store, key, event);
  return { key, verdict, changed, event };
}
