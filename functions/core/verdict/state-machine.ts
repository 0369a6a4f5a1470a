import { InvalidInputError } from '../errors';
import { eventsInOrder, mergeLatest, sameLatest } from './event-order';
import { normalizeTime, uniqueSorted, validateEvent } from './validate-event';
import { assertVerdictKey, sameKey, type Verdict, type VerdictKey, type VerdictStatus } from './verdict';
import type { LatestEvents, VerdictEvent } from './verdict-event';
import { derivedFields } from './derived-fields';

/** The column of the transition table an event falls in. */
export type TransitionInput = 'Observed' | 'Evaluated(pass)' | 'Evaluated(fail)' | 'Revoked' | 'Deleted';

/** A row of the transition table: the current status, or NONE when no verdict exists yet. */
export type TransitionState = VerdictStatus | 'NONE';

/**
 * The state machine, for events that arrive in event order (each newer than all before it):
 *
 * | current \ event | Observed | Evaluated(pass) | Evaluated(fail) | Revoked  | Deleted |
 * | --------------- | -------- | --------------- | --------------- | -------- | ------- |
 * | NONE            | PENDING  | VERIFIED        | REJECTED        | PENDING  | DELETED |
 * | PENDING         | PENDING  | VERIFIED        | REJECTED        | PENDING  | DELETED |
 * | VERIFIED        | VERIFIED | VERIFIED        | REJECTED        | REVOKED  | DELETED |
 * | REJECTED        | REJECTED | VERIFIED        | REJECTED        | REVOKED  | DELETED |
 * | REVOKED         | REVOKED  | VERIFIED        | REJECTED        | REVOKED  | DELETED |
 * | DELETED         | PENDING  | VERIFIED        | REJECTED        | DELETED  | DELETED |
 *
 * In words: a push opens a PENDING verdict, and on a decided digest only adds its tags; a push newer
 * than a deletion is a re-push and opens it again. The newest evaluation decides (a re-scan can verify
 * a REJECTED or REVOKED image, a re-evaluation can reject a VERIFIED one). A revocation turns a decided
 * image REVOKED; on an undecided one it is remembered (it still counts if an older evaluation turns up
 * late, see below). A deletion always wins.
 *
 * **Ordering rule.** A verdict is always the table above applied, in event order (compareEvents: `at`,
 * then kind Observed < Evaluated < Revoked < Deleted, then fail after pass, then `id`), to every
 * distinct event received so far, however late or often each arrived. The table's result depends only
 * on the newest event of each kind, so a verdict keeps those four (`latestEvents`) and replays them.
 * Consequences:
 * - A duplicate delivery (same type, `at`, outcome and `id`) changes nothing and writes nothing.
 * - An event older than the event that decided the current status (`decidedAt`) never changes the
 *   status, with one exception: a Deleted older than a revocation but newer than the evaluation
 *   before it turns REVOKED into DELETED (or PENDING, if a re-push followed the deletion). The image
 *   was gone before it was revoked; both deny.
 * - So a late PUSH after the scan verdict never moves it back to PENDING, and a late event never
 *   turns a denial into VERIFIED unless it is newer than the decision that denied.
 */
// prettier-ignore
export const TRANSITIONS: Readonly<Record<TransitionState, Readonly<Record<TransitionInput, VerdictStatus>>>> = {
  NONE:     { Observed: 'PENDING',  'Evaluated(pass)': 'VERIFIED', 'Evaluated(fail)': 'REJECTED', Revoked: 'PENDING', Deleted: 'DELETED' },
  PENDING:  { Observed: 'PENDING',  'Evaluated(pass)': 'VERIFIED', 'Evaluated(fail)': 'REJECTED', Revoked: 'PENDING', Deleted: 'DELETED' },
  VERIFIED: { Observed: 'VERIFIED', 'Evaluated(pass)': 'VERIFIED', 'Evaluated(fail)': 'REJECTED', Revoked: 'REVOKED', Deleted: 'DELETED' },
  REJECTED: { Observed: 'REJECTED', 'Evaluated(pass)': 'VERIFIED', 'Evaluated(fail)': 'REJECTED', Revoked: 'REVOKED', Deleted: 'DELETED' },
  REVOKED:  { Observed: 'REVOKED',  'Evaluated(pass)': 'VERIFIED', 'Evaluated(fail)': 'REJECTED', Revoked: 'REVOKED', Deleted: 'DELETED' },
  DELETED:  { Observed: 'PENDING',  'Evaluated(pass)': 'VERIFIED', 'Evaluated(fail)': 'REJECTED', Revoked: 'DELETED', Deleted: 'DELETED' },
};

/** The outcome of one event on one verdict. */
export interface VerdictTransition {
  /** The verdict after the event: `current` itself when nothing changed. */
  readonly verdict: Verdict;
  /** Whether anything was learnt (the verdict must be written, with a history entry). */
  readonly changed: boolean;
  readonly previousStatus?: VerdictStatus;
  /** The event as applied: validated, its time normalised (what a history entry records). */
  readonly event: VerdictEvent;
}

/** The table's column for an event. */
export function transitionInput(event: VerdictEvent): TransitionInput {
  return event.type === 'Evaluated' ? `Evaluated(${event.outcome})` : event.type;
}

/** One step of the table: the status after `event` when it is newer than everything before it. */
export function nextStatus(current: VerdictStatus | undefined, event: VerdictEvent): VerdictStatus {
  return TRANSITIONS[current ?? 'NONE'][transitionInput(event)];
}

/** The status the newest events of each kind give when replayed in event order. */
export function replayStatus(latest: LatestEvents): VerdictStatus | undefined {
  return eventsInOrder(latest).reduce<VerdictStatus | undefined>(nextStatus, undefined);
}

/**
 * Applies one event to a verdict (pure: the clock is an input). Returns `current` unchanged, with
 * `changed: false`, when the event teaches nothing new: a duplicate, or an older event of a kind
 * whose newer event is already known, that adds no tag and is not older than `firstSeenAt`.
 *
 * @param current the stored verdict, or undefined when there is none
 * @param context.key the image; must match `current`
 * @param context.now when the change is recorded (becomes `updatedAt`)
 * @throws InvalidInputError for an invalid event, key or time, or a verdict of another image
 */
export function nextVerdict(
  current: Verdict | undefined,
  event: VerdictEvent,
  context: { readonly key: VerdictKey; readonly now: string },
): VerdictTransition {
  assertVerdictKey(context.key);
  if (current !== undefined && !sameKey(current, context.key)) {
    throw new InvalidInputError(
      `verdict of ${current.digest} cannot take an event for ${context.key.digest}`,
    );
  }
  const valid = validateEvent(event);
  const latestEvents = mergeLatest(current?.latestEvents ?? {}, valid);
  const tags = uniqueSorted(current?.tags ?? [], valid.type === 'Observed' ? (valid.tags ?? []) : []);
  const firstSeenAt =
    current === undefined || valid.at < current.firstSeenAt ? valid.at : current.firstSeenAt;
  if (
    current !== undefined &&
    sameLatest(current.latestEvents, latestEvents) &&
    tags.length === current.tags.length &&
    firstSeenAt === current.firstSeenAt
  ) {
    return { verdict: current, changed: false, previousStatus: current.status, event: valid };
  }
  const verdict: Verdict = {
    registry: context.key.registry,
    repository: context.key.repository,
    digest: context.key.digest,
    ...derivedFields(latestEvents, replayStatus(latestEvents) ?? nextStatus(undefined, valid)),
    tags,
    firstSeenAt,
    updatedAt: normalizeTime(context.now, 'now'),
    version: (current?.version ?? 0) + 1,
    latestEvents,
  };
  return current === undefined
    ? { verdict, changed: true, event: valid }
    : { verdict, changed: true, previousStatus: current.status, event: valid };
}
