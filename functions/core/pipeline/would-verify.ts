import { nextVerdict } from '../verdict/state-machine';
import type { Verdict, VerdictKey } from '../verdict/verdict';
import type { EvaluatedEvent } from '../verdict/verdict-event';

/** Stands in for the signature in a dry run: the status does not depend on it. */
const DRY_RUN_SIGNATURE = {
  keyId: 'dry-run',
  signedDigests: [],
  artifacts: [],
  signedAt: '1970-01-01T00:00:00.000Z',
};

/**
 * Whether recording this passing evaluation would make the verdict VERIFIED. False when a revocation
 * newer than its evidence stands, or a revocation by hand holds (only an operator lifts it), or the
 * image is gone: then signing would be wasted work.
 */
export function wouldVerify(
  current: Verdict | undefined,
  key: VerdictKey,
  pass: Omit<Extract<EvaluatedEvent, { outcome: 'pass' }>, 'signature'>,
  now: Date,
): boolean {
  const event: EvaluatedEvent = { ...pass, signature: DRY_RUN_SIGNATURE };
  return nextVerdict(current, event, { key, now: now.toISOString() }).verdict.status === 'VERIFIED';
}
