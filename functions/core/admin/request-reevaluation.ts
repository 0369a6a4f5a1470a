import { randomUUID } from 'node:crypto';
import type { ReevaluationRequested } from '../events/pipeline-event';
import type { ImageReference } from '../image-reference';
import type { Verdict, VerdictKey } from '../verdict/verdict';
import type { AdminDeps } from './admin-deps';
import { adminKey, checkCaller, checkReason } from './admin-input';

/** What a re-evaluation request did. */
export interface ReevaluationResult {
  readonly key: VerdictKey;
  /** The event handed to the signer. */
  readonly event: ReevaluationRequested;
  /** The verdict as it stands now (the evaluation runs later); undefined when none is recorded. */
  readonly verdict: Verdict | undefined;
}

/**
 * Asks the signer to evaluate one image again now: hands it a `ReevaluationRequested` event (`id`
 * `manual:<uuid>`, `at` now, `operator`). The evaluation is the operator's decision at request time,
 * newer than any revocation so far, so a pass restores a revoked image (one revoked by hand too) and a
 * fail rejects a verified one; for an index, its platforms are evaluated again too. Works for a digest without a verdict too (a
 * push the pipeline missed): the evaluation checks the allowlist first.
 *
 * @param image the image by digest
 * @param reason why, in one line (1-500 characters)
 * @param by who asked, added to the reason when given
 * @throws InvalidInputError (InvalidReferenceError) for a reference without a digest or a bad reason
 */
export async function requestReevaluation(
  deps: AdminDeps,
  image: string | ImageReference,
  reason: string,
  by?: string,
): Promise<ReevaluationResult> {
  const key = adminKey(image);
  const why = checkReason(reason);
  const who = by === undefined ? undefined : checkCaller(by);
  const event: ReevaluationRequested = {
    type: 'ReevaluationRequested',
    image: key,
    id: `manual:${(deps.newId ?? randomUUID)()}`,
    at: deps.now().toISOString(),
    reason: who === undefined ? why : `${why} (requested by ${who})`,
    operator: true,
  };
  await deps.handOff(event);
  return { key, event, verdict: await deps.store.get(key) };
}
