import type { LookupDeps } from './lookup-deps';
import { lookupMany } from './lookup-many';
import type { VerdictAnswer } from './verdict-answer';

/**
 * "May this digest run?" for one reference: one read at most (none when the allowlist already
 * denies it).
 *
 * @returns the answer: VERIFIED allows; every other status denies, with reasons
 * @throws InvalidReferenceError when the reference does not parse or has no digest (the message says
 *   how to find the digest: `image-trust resolve REF`)
 * @throws UpstreamError (LookupTimeoutError for a timeout) or ThrottledError when the store fails
 */
export async function lookupVerdict(deps: LookupDeps, ref: string): Promise<VerdictAnswer> {
  const [outcome] = await lookupMany(deps, [ref]);
  if (outcome === undefined) throw new Error('lookupMany returned no outcome');
  if (outcome.problem !== undefined) throw outcome.problem;
  return outcome.answer;
}
