import type { VerdictKey } from '../verdict/verdict';
import type { VerdictEvent } from '../verdict/verdict-event';
import { recordVerdict, type RecordResult } from '../verdict/record-verdict';
import type { VerdictStore } from '../verdict/verdict-store';

/**
 * Records one event with the pipeline's own clock (`deps.now`): the clock that stamps `updatedAt` and
 * judges whether an event time is in the future is the one the use case was given, never the host's.
 */
export function record(
  deps: { readonly store: Pick<VerdictStore, 'get' | 'putIfVersion'>; readonly now: () => Date },
  key: VerdictKey,
  event: VerdictEvent,
): Promise<RecordResult> {
  return recordVerdict(deps.store, key, event, { now: deps.now });
}
