import { ConflictError } from '../errors';
import { DEFAULT_SEAL_LIFETIME_HOURS, sealStep, type Sealing } from './seal-step';
import { nextVerdict } from './state-machine';
import { CLOCK_SKEW_MS } from '../policy/check-scan';
import { assertNotFuture, validateEvent } from './validate-event';
import type { Verdict, VerdictKey } from './verdict';
import type { VerdictEvent } from './verdict-event';
import type { VerdictHistoryEntry, VerdictStore } from './verdict-store';

/** What `recordVerdict` did: the verdict as stored afterwards, and whether this call changed it. */
export interface RecordResult {
  readonly verdict: Verdict;
  readonly changed: boolean;
  /** Seals made (signing calls), one per attempt that had to seal: a lost race seals again. */
  readonly seals: number;
  /** A VERIFIED verdict was written without a valid seal (no sealer here): hand it to the signer. */
  readonly unsealed: boolean;
  /**
   * With `options.releaseLeaseOf`: whether the write gave that owner's signing lease up (else the
   * caller releases it; nothing written, nothing released).
   */
  readonly leaseReleased?: boolean;
}

/** Options of `recordVerdict`. */
export interface RecordVerdictOptions {
  /** The clock for `updatedAt` and the history entry's time (default the system clock). */
  readonly now?: () => Date;
  /** How often one call may read and try its conditional put before a ConflictError (default 8). */
  readonly maxAttempts?: number;
  /** Waits between attempts (default a timer); tests pass their own. */
  readonly sleep?: (ms: number) => Promise<void>;
  /** How VERIFIED verdicts are sealed (seal-step.ts); default: no sealer, a 24-hour lifetime. */
  readonly sealing?: Sealing;
  /** Give up the signing lease this owner holds in the write that changes the verdict (if any). */
  readonly releaseLeaseOf?: string;
}

/** The default bound on attempts per event. */
export const DEFAULT_MAX_ATTEMPTS = 8;

/**
 * Records one event: reads the verdict, computes `nextVerdict` and puts it, with its history entry,
 * only if the stored version is still the one read. A lost race reads again after a jittered backoff
 * (up to 250 ms), at most `maxAttempts` times, then fails with ConflictError (retryable). A duplicate
 * or superseded event returns `changed: false` and writes nothing; an invalid event, or one dated more
 * than CLOCK_SKEW_MS in the future, costs no read and writes nothing. A VERIFIED verdict is sealed
 * before the put (sealStep: a new seal when its sealed fields change, kept when they do not, none for a
 * denial); a lost race seals again for the next version.
 *
 * @throws InvalidInputError for an invalid or future event; ConflictError after too many lost races; whatever
 *   the store throws (ThrottledError, UpstreamError)
 */
export async function recordVerdict(
  store: Pick<VerdictStore, 'get' | 'putIfVersion'>,
  key: VerdictKey,
  event: VerdictEvent,
  options: RecordVerdictOptions = {},
): Promise<RecordResult> {
  const valid = validateEvent(event);
  const now = options.now ?? (() => new Date());
  assertNotFuture(valid, now(), CLOCK_SKEW_MS);
  const maxAttempts = Math.max(1, options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS);
  const sleep = options.sleep ?? wait;
  const sealing = options.sealing ?? { lifetimeHours: DEFAULT_SEAL_LIFETIME_HOURS };
  let seals = 0;
  for (let attempt = 1; ; attempt++) {
    const current = await store.get(key, { consistent: true });
    const step = nextVerdict(current, event, { key, now: now().toISOString() });
    if (!step.changed) {
      const released = options.releaseLeaseOf === undefined ? {} : { leaseReleased: false };
      return { verdict: step.verdict, changed: false, seals, unsealed: false, ...released };
    }
    const sealed = await sealStep(step.verdict, current, sealing, now());
    if (sealed.sealed) seals += 1;
    const entry = historyEntry(sealed.verdict, step.event, current);
    const expected = current?.version ?? 0;
    const put =
      options.releaseLeaseOf === undefined
        ? await store.putIfVersion(sealed.verdict, entry, expected)
        : await store.putIfVersion(sealed.verdict, entry, expected, {
            releaseLeaseOf: options.releaseLeaseOf,
          });
    if (put.written) {
      const { unsealed } = sealed;
      const released = options.releaseLeaseOf === undefined ? {} : { leaseReleased: !!put.leaseReleased };
      return { verdict: sealed.verdict, changed: true, seals, unsealed, ...released };
    }
    if (attempt >= maxAttempts) {
      const what = `writing version ${step.verdict.version} of ${key.registry}/${key.repository}@${key.digest}`;
      throw new ConflictError(`${what}: lost the race ${attempt} times`, {
        cause: put.cause,
        retryable: true,
      });
    }
    await sleep(backoffMs(attempt));
  }
}

/** The jittered wait after the `attempt`-th lost race: uniform in [0, min(250, 10 * 2^attempt)) ms. */
export function backoffMs(attempt: number, random: () => number = Math.random): number {
  return random() * Math.min(250, 10 * 2 ** attempt);
}

function historyEntry(
  verdict: Verdict,
  event: VerdictEvent,
  previous: Verdict | undefined,
): VerdictHistoryEntry {
  return {
    version: verdict.version,
    recordedAt: verdict.updatedAt,
    event,
    status: verdict.status,
    ...(previous === undefined ? {} : { previousStatus: previous.status }),
  };
}

function wait(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
