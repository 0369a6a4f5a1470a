import { InvalidInputError } from '../errors';
import { eventsInOrder, mergeLatest, sameLatest } from './event-order';
import { currentTags, legacyTagState, mergeTags, sameTags, type TagState } from './kept-tags';
import { normalizeTime, validateEvent } from './validate-event';
import { assertVerdictKey, sameKey, type Verdict, type VerdictKey, type VerdictStatus } from './verdict';
import type { LatestEvents, StateEvent, VerdictEvent } from './verdict-event';
import { derivedFields } from './derived-fields';
import { HELD, HELD_GONE, statusOf, type TransitionState } from './transition-state';

/** The column of the transition table an event falls in. */
export type TransitionInput =
  | 'Observed'
  | 'Evaluated(pass)'
  | 'Evaluated(fail)'
  | 'Operator(pass)'
  | 'Operator(fail)'
  | 'Revoked'
  | 'Revoked(manual)'
  | 'Deleted';

export type { TransitionState } from './transition-state';

/**
 * The state machine, for events that arrive in event order (each newer than all before it). Columns:
 * O Observed, P/F an automatic evaluation's pass/fail, OP/OF an operator's re-evaluation, R an
 * automatic revocation (a CVE, a revoked platform), RM a revocation by hand, D Deleted.
 *
 * | current \ event | O          | P          | F          | OP       | OF       | R        | RM         | D          |
 * | --------------- | ---------- | ---------- | ---------- | -------- | -------- | -------- | ---------- | ---------- |
 * | NONE, PENDING   | PENDING    | VERIFIED   | REJECTED   | VERIFIED | REJECTED | PENDING  | REVOKED(m) | DELETED    |
 * | VERIFIED        | VERIFIED   | VERIFIED   | REJECTED   | VERIFIED | REJECTED | REVOKED  | REVOKED(m) | DELETED    |
 * | REJECTED        | REJECTED   | VERIFIED   | REJECTED   | VERIFIED | REJECTED | REVOKED  | REVOKED(m) | DELETED    |
 * | REVOKED         | REVOKED    | VERIFIED   | REJECTED   | VERIFIED | REJECTED | REVOKED  | REVOKED(m) | DELETED    |
 * | REVOKED(manual) | REVOKED(m) | REVOKED(m) | REVOKED(m) | VERIFIED | REJECTED | REVOKED(m) | REVOKED(m) | DELETED(m) |
 * | DELETED         | PENDING    | VERIFIED   | REJECTED   | VERIFIED | REJECTED | DELETED  | DELETED(m) | DELETED    |
 * | DELETED(manual) | REVOKED(m) | REVOKED(m) | REVOKED(m) | VERIFIED | REJECTED | DELETED(m) | DELETED(m) | DELETED(m) |
 *
 * In words: a push opens a PENDING verdict, and on a decided digest only adds its tags; a push newer
 * than a deletion is a re-push and opens it again. The newest evaluation decides (a re-scan can verify
 * a REJECTED or REVOKED image, a re-evaluation can reject a VERIFIED one). An automatic revocation turns
 * a decided image REVOKED; on an undecided one it is remembered (it still counts if an older evaluation
 * turns up late). Since an automatic evaluation is stamped with its evidence's time (the scan's
 * completion), only evidence newer than a revocation undoes it. A revocation by hand holds: nothing
 * undoes it (no scan, no re-push, no deletion and re-push) but an operator's re-evaluation newer than
 * it. A deletion always wins (a held image stays held after it).
 *
 * **Ordering rule.** A verdict is always the table above applied, in event order (compareEvents: `at`,
 * then kind Observed < Evaluated < Revoked < Deleted, then fail after pass, then `id`), to every
 * distinct event received so far, however late or often each arrived. The table's result depends only
 * on the newest event of each slot (verdict-event.ts: manual revocations and operators' evaluations
 * have their own), so a verdict keeps those (`latestEvents`) and replays them. Consequences:
 * - A duplicate delivery (same type, `at`, outcome and `id`) changes nothing and writes nothing.
 * - An event older than the event that decided the current status (`decidedAt`) never changes the
 *   status, with one exception: a Deleted older than a revocation but newer than the evaluation
 *   before it turns REVOKED into DELETED (or PENDING, if a re-push followed the deletion). The image
 *   was gone before it was revoked; both deny.
 * - So a late PUSH after the scan verdict never moves it back to PENDING, and a late event never
 *   turns a denial into VERIFIED unless it is newer than the decision that denied.
 */
// prettier-ignore
export const TRANSITIONS: Readonly<Record<TransitionState, Readonly<Record<TransitionInput, TransitionState>>>> = {
  NONE:       { Observed: 'PENDING',  'Evaluated(pass)': 'VERIFIED', 'Evaluated(fail)': 'REJECTED', 'Operator(pass)': 'VERIFIED', 'Operator(fail)': 'REJECTED', Revoked: 'PENDING',  'Revoked(manual)': HELD,      Deleted: 'DELETED' },
  PENDING:    { Observed: 'PENDING',  'Evaluated(pass)': 'VERIFIED', 'Evaluated(fail)': 'REJECTED', 'Operator(pass)': 'VERIFIED', 'Operator(fail)': 'REJECTED', Revoked: 'PENDING',  'Revoked(manual)': HELD,      Deleted: 'DELETED' },
  VERIFIED:   { Observed: 'VERIFIED', 'Evaluated(pass)': 'VERIFIED', 'Evaluated(fail)': 'REJECTED', 'Operator(pass)': 'VERIFIED', 'Operator(fail)': 'REJECTED', Revoked: 'REVOKED',  'Revoked(manual)': HELD,      Deleted: 'DELETED' },
  REJECTED:   { Observed: 'REJECTED', 'Evaluated(pass)': 'VERIFIED', 'Evaluated(fail)': 'REJECTED', 'Operator(pass)': 'VERIFIED', 'Operator(fail)': 'REJECTED', Revoked: 'REVOKED',  'Revoked(manual)': HELD,      Deleted: 'DELETED' },
  REVOKED:    { Observed: 'REVOKED',  'Evaluated(pass)': 'VERIFIED', 'Evaluated(fail)': 'REJECTED', 'Operator(pass)': 'VERIFIED', 'Operator(fail)': 'REJECTED', Revoked: 'REVOKED',  'Revoked(manual)': HELD,      Deleted: 'DELETED' },
  [HELD]:     { Observed: HELD,       'Evaluated(pass)': HELD,       'Evaluated(fail)': HELD,       'Operator(pass)': 'VERIFIED', 'Operator(fail)': 'REJECTED', Revoked: HELD,       'Revoked(manual)': HELD,      Deleted: HELD_GONE },
  DELETED:    { Observed: 'PENDING',  'Evaluated(pass)': 'VERIFIED', 'Evaluated(fail)': 'REJECTED', 'Operator(pass)': 'VERIFIED', 'Operator(fail)': 'REJECTED', Revoked: 'DELETED',  'Revoked(manual)': HELD_GONE, Deleted: 'DELETED' },
  [HELD_GONE]:{ Observed: HELD,       'Evaluated(pass)': HELD,       'Evaluated(fail)': HELD,       'Operator(pass)': 'VERIFIED', 'Operator(fail)': 'REJECTED', Revoked: HELD_GONE,  'Revoked(manual)': HELD_GONE, Deleted: HELD_GONE },
};

export { statusOf };

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
export function transitionInput(event: StateEvent): TransitionInput {
  if (event.type === 'Evaluated') {
    return event.operator === true ? `Operator(${event.outcome})` : `Evaluated(${event.outcome})`;
  }
  if (event.type === 'Revoked') return event.manual === true ? 'Revoked(manual)' : 'Revoked';
  return event.type;
}

/** One step of the table: the state after `event` when it is newer than everything before it. */
export function nextState(current: TransitionState, event: StateEvent): TransitionState {
  return TRANSITIONS[current][transitionInput(event)];
}

/** The state the newest events of each slot give when replayed in event order. */
export function replayState(latest: LatestEvents): TransitionState {
  return eventsInOrder(latest).reduce<TransitionState>(nextState, 'NONE');
}

/** The status the newest events of each slot give when replayed in event order. */
export function replayStatus(latest: LatestEvents): VerdictStatus | undefined {
  return statusOf(replayState(latest));
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
  const latestEvents =
    valid.type === 'Untagged'
      ? (current?.latestEvents ?? {})
      : mergeLatest(current?.latestEvents ?? {}, valid);
  const before = current === undefined ? EMPTY_TAGS : tagStateOf(current);
  const tagState =
    valid.type === 'Observed' || valid.type === 'Untagged'
      ? mergeTags(before, valid.tags ?? [], valid.at, valid.type === 'Untagged')
      : before;
  const firstSeenAt =
    current === undefined || valid.at < current.firstSeenAt ? valid.at : current.firstSeenAt;
  if (
    current !== undefined &&
    sameLatest(current.latestEvents, latestEvents) &&
    sameTags(tagStateOf(current), tagState) &&
    firstSeenAt === current.firstSeenAt
  ) {
    return { verdict: current, changed: false, previousStatus: current.status, event: valid };
  }
  const state = replayState(latestEvents);
  const verdict: Verdict = {
    registry: context.key.registry,
    repository: context.key.repository,
    digest: context.key.digest,
    ...derivedFields(latestEvents, state === 'NONE' ? 'PENDING' : state),
    tags: currentTags(tagState.keptTags),
    tagCount: tagState.tagCount,
    keptTags: tagState.keptTags,
    firstSeenAt,
    updatedAt: normalizeTime(context.now, 'now'),
    version: (current?.version ?? 0) + 1,
    latestEvents,
  };
  return current === undefined
    ? { verdict, changed: true, event: valid }
    : { verdict, changed: true, previousStatus: current.status, event: valid };
}

const EMPTY_TAGS: TagState = { keptTags: [], tagCount: 0 };

/** A verdict's tag state; for a verdict stored before tags were bounded, rebuilt from its tags. */
function tagStateOf(verdict: Verdict): TagState {
  return verdict.keptTags === undefined
    ? legacyTagState(verdict.tags, verdict.firstSeenAt)
    : { keptTags: verdict.keptTags, tagCount: verdict.tagCount ?? verdict.keptTags.length };
}
