import type { EvaluatedEvent } from '../verdict/verdict-event';
import { sealTarget, type Preseal } from '../verdict/seal-step';
import { nextVerdict } from '../verdict/state-machine';
import type { Verdict, VerdictKey } from '../verdict/verdict';
import { sealingOf, type RecordDeps } from './record';

/** A passing evaluation, before its signature exists. */
export type UnsignedPass = Omit<Extract<EvaluatedEvent, { outcome: 'pass' }>, 'signature'>;

/**
 * The seal the record of `pass` over `current` will need, made now, while the image is being signed: the
 * sealed content (status, policy version, validUntil, revision) does not depend on the signature. One
 * signing call, made only when the record would seal (a VERIFIED verdict that keeps no seal); the record
 * uses it only when the verdict it writes has exactly this content (seal-step.ts), else seals again.
 * Undefined where there is no sealer, nothing to seal, or the seal failed (the record then seals).
 */
export async function presealFor(
  deps: Pick<RecordDeps, 'sealer' | 'config' | 'now'>,
  image: VerdictKey,
  current: Verdict | undefined,
  pass: UnsignedPass,
): Promise<Preseal | undefined> {
  const sealing = sealingOf(deps);
  if (sealing.sealer === undefined) return undefined;
  const now = deps.now();
  try {
    // The signature is not sealed: any stands in for the one being made.
    const signature = { keyId: 'preseal', signedDigests: [image.digest], artifacts: [], signedAt: pass.at };
    const step = nextVerdict(current, { ...pass, signature }, { key: image, now: now.toISOString() });
    const fields = step.changed ? sealTarget(step.verdict, current, sealing, now) : undefined;
    if (fields === undefined) return undefined;
    return { fields, seal: await sealing.sealer.seal(fields, now), at: now };
  } catch {
    return undefined;
  }
}
