import type { Verdict, VerdictKey } from '../verdict/verdict';
import type { VerdictEvent } from '../verdict/verdict-event';
import { recordVerdict, type RecordResult } from '../verdict/record-verdict';
import type { VerdictStore } from '../verdict/verdict-store';

/** A verdict this evaluation already read (consistently) or wrote: `undefined` when there is none. */
export interface KnownVerdict {
  readonly verdict: Verdict | undefined;
}

/**
 * Records one event with the pipeline's own clock (`deps.now`): the clock that stamps `updatedAt` and
 * judges whether an event time is in the future is the one the use case was given, never the host's.
 *
 * Given the verdict this evaluation already holds (`known`), the write engine starts from it instead of
 * reading it again: its put is conditional on that version, so if the verdict changed meanwhile the put
 * is refused and the engine reads the stored one and tries again, as after any lost race.
 */
export function record(
  deps: { readonly store: Pick<VerdictStore, 'get' | 'putIfVersion'>; readonly now: () => Date },
  key: VerdictKey,
  event: VerdictEvent,
  known?: KnownVerdict,
): Promise<RecordResult> {
  return recordVerdict(known ? startingFrom(deps.store, known) : deps.store, key, event, { now: deps.now });
}

/** The store, whose first `get` answers `known` without a read; later ones read. */
function startingFrom(
  store: Pick<VerdictStore, 'get' | 'putIfVersion'>,
  known: KnownVerdict,
): Pick<VerdictStore, 'get' | 'putIfVersion'> {
  let first = true;
  return {
    get: (key, options) => {
      if (!first) return store.get(key, options);
      first = false;
      return Promise.resolve(known.verdict);
    },
    putIfVersion: (verdict, history, expectedVersion) =>
      store.putIfVersion(verdict, history, expectedVersion),
  };
}
