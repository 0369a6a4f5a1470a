import { randomUUID } from 'node:crypto';
import { NotFoundError } from '../errors';
import type { ImageReference } from '../image-reference';
import { canonicalReference } from '../reference/canonical';
import type { Verdict, VerdictKey } from '../verdict/verdict';
import type { RevokedEvent } from '../verdict/verdict-event';
import type { AdminDeps } from './admin-deps';
import { adminKey, checkCaller, checkReason } from './admin-input';
import { spreadRevocation } from '../pipeline/index-revocation';
import { record } from '../pipeline/record';

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
 * one reason, code MANUAL, names who revoked it and why, and `manual` holds it: it stays REVOKED (DELETED
 * while the digest is gone) whatever comes after, until an operator's re-evaluation. An index revoked
 * so revokes its recorded platforms the same way (naming the index); every index recorded as holding a
 * revoked digest is revoked too (naming the platform).
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
    manual: true,
    reasons: [{ code: MANUAL_REASON_CODE, message: `revoked by ${who}: ${why}` }],
  };
  const { verdict, changed } = await record(deps, key, event);
  // An index revoked by hand revokes its platforms by hand, naming it.
  const platforms = await deps.store.platformsOf(key);
  for (const platform of platforms) {
    const message = `revoked with index ${key.digest} by ${who}: ${why}`;
    await record(
      deps,
      { ...key, digest: platform.digest },
      { ...event, id: `${event.id}/${platform.digest}`, reasons: [{ code: MANUAL_REASON_CODE, message }] },
    );
  }
  // Every index holding a digest revoked here is revoked (automatically), naming the platform.
  for (const digest of [key.digest, ...platforms.map((p) => p.digest)]) {
    await spreadRevocation(deps, { ...key, digest }, event.id);
  }
  return { key, verdict, changed, event };
}
