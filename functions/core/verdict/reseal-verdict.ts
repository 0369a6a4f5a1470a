import { ConflictError } from '../errors';
import { derivedFields } from './derived-fields';
import { backoffMs, DEFAULT_MAX_ATTEMPTS } from './record-verdict';
import { resealDue, sealStep, withoutSeal, type Sealing } from './seal-step';
import { replayState } from './state-machine';
import type { Verdict, VerdictKey } from './verdict';
import type { VerdictSealer } from './verdict-sealer';
import type { VerdictStore } from './verdict-store';

/** What `resealVerdict` did. */
export interface ResealResult {
  /** The verdict as stored afterwards (undefined when none is). */
  readonly verdict: Verdict | undefined;
  /** Whether a new seal was written. */
  readonly resealed: boolean;
  /** Seals made (signing calls), one per attempt: a lost race seals again. */
  readonly seals: number;
}

/**
 * Renews the seal of a verdict that stays VERIFIED (the reconciler's hand-off before its seal runs out,
 * or an unsealed VERIFIED written where no sealer was): one signing call, no registry work, no event.
 * The decision is unchanged, so no history entry is written; the version moves on (the seal is for
 * the new revision) under the same conditional put as every write. Nothing happens when the verdict is
 * not VERIFIED or its seal is not yet due (a duplicate hand-off).
 *
 * @throws ConflictError after `maxAttempts` lost races (retryable); whatever the store or sealer throws
 */
export async function resealVerdict(
  store: Pick<VerdictStore, 'get' | 'putResealed'>,
  key: VerdictKey,
  sealing: Sealing & { readonly sealer: VerdictSealer },
  options: {
    readonly now?: () => Date;
    readonly maxAttempts?: number;
    readonly sleep?: (ms: number) => Promise<void>;
  } = {},
): Promise<ResealResult> {
  const now = options.now ?? (() => new Date());
  const maxAttempts = Math.max(1, options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS);
  let seals = 0;
  for (let attempt = 1; ; attempt++) {
    const current = await store.get(key, { consistent: true });
    if (current === undefined || !resealDue(current, now())) {
      return { verdict: current, resealed: false, seals };
    }
    if (replayState(current.latestEvents) !== 'VERIFIED') return { verdict: current, resealed: false, seals };
    // The decision as the state machine derives it (its validity uncapped), one revision on.
    const { validUntil: _until, validity: _validity, ...rest } = withoutSeal(current);
    const decided: Verdict = {
      ...rest,
      ...derivedFields(current.latestEvents, 'VERIFIED'),
      updatedAt: now().toISOString(),
      version: current.version + 1,
    };
    const sealed = await sealStep(decided, undefined, sealing, now());
    seals += 1;
    const put = await store.putResealed(sealed.verdict, current.version);
    if (put.written) return { verdict: sealed.verdict, resealed: true, seals };
    if (attempt >= maxAttempts) {
      throw new ConflictError(
        `re-sealing version ${decided.version} of ${key.registry}/${key.repository}@${key.digest}: lost the race ${attempt} times`,
        { cause: put.cause, retryable: true },
      );
    }
    await (options.sleep ?? wait)(backoffMs(attempt));
  }
}

function wait(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
