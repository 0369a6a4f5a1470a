import {
  EVENT_SLOTS,
  slotOf,
  type LatestEvents,
  type StateEvent,
  type VerdictEvent,
  type VerdictEventType,
} from './verdict-event';

/**
 * Which kind of event counts as later when two happen at the same millisecond: a push comes before
 * its evaluation, a revocation after it, a deletion last.
 */
export const EVENT_TYPE_RANK: Readonly<Record<VerdictEventType, number>> = {
  Observed: 0,
  Evaluated: 1,
  Revoked: 2,
  Deleted: 3,
  Untagged: 3,
};

/**
 * The total order of events: by `at`, then kind (EVENT_TYPE_RANK), then, for evaluations, a fail after
 * a pass (on a tie the safer answer wins), then by `id`. Events must have their `at` normalised
 * (validate-event.ts), so that comparing the ISO strings compares instants.
 *
 * @returns negative when `a` is earlier, positive when later, 0 for the same event.
 */
export function compareEvents(a: VerdictEvent, b: VerdictEvent): number {
  return (
    compareStrings(a.at, b.at) ||
    EVENT_TYPE_RANK[a.type] - EVENT_TYPE_RANK[b.type] ||
    outcomeRank(a) - outcomeRank(b) ||
    compareStrings(a.id, b.id)
  );
}

/** Whether two deliveries are the same event (same type, `at`, outcome and `id`). */
export function sameEvent(a: VerdictEvent | undefined, b: VerdictEvent | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  return compareEvents(a, b) === 0;
}

/**
 * Keeps the newer of the stored and the arriving event of the arriving event's slot (slotOf): a join, so
 * that merging the same events in any order, any number of times, gives the same result. Returns
 * `latest` itself when nothing changes.
 */
export function mergeLatest(latest: LatestEvents, event: StateEvent): LatestEvents {
  const slot = slotOf(event);
  const stored = latest[slot];
  if (stored !== undefined && compareEvents(stored, event) >= 0) return latest;
  return { ...latest, [slot]: event };
}

/** The stored events in event order, oldest first. */
export function eventsInOrder(latest: LatestEvents): StateEvent[] {
  const events: StateEvent[] = [];
  for (const slot of EVENT_SLOTS) {
    const event = latest[slot];
    if (event !== undefined) events.push(event);
  }
  return events.sort(compareEvents);
}

/** Whether the stored newest events of two states are the same events. */
export function sameLatest(a: LatestEvents, b: LatestEvents): boolean {
  return EVENT_SLOTS.every((slot) => sameEvent(a[slot], b[slot]));
}

/** The newer of two events (either may be missing). */
export function newerOf<T extends VerdictEvent>(a: T | undefined, b: T | undefined): T | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return compareEvents(a, b) >= 0 ? a : b;
}

function outcomeRank(event: VerdictEvent): number {
  return event.type === 'Evaluated' && event.outcome === 'fail' ? 1 : 0;
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
