import { InvalidInputError } from '../errors';
import type { VerdictReason } from './verdict';
import type { VerdictEvent } from './verdict-event';

const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})$/i;
const EVENT_TYPES: ReadonlySet<string> = new Set(['Observed', 'Evaluated', 'Revoked', 'Deleted', 'Untagged']);

/**
 * Normalises a time to `YYYY-MM-DDTHH:mm:ss.sssZ` (UTC, milliseconds), the form in which comparing
 * strings compares instants.
 *
 * @throws InvalidInputError when `value` is not an ISO 8601 date-time with a zone, or not in years 0-9999.
 */
export function normalizeTime(value: string, what = 'time'): string {
  const ms = typeof value === 'string' && ISO_TIME.test(value) ? Date.parse(value) : Number.NaN;
  const iso = Number.isFinite(ms) ? new Date(ms).toISOString() : '';
  if (!/^\d{4}-/.test(iso)) {
    throw new InvalidInputError(
      `${what} must be an ISO 8601 date-time with a zone, got ${JSON.stringify(value)}`,
    );
  }
  return iso;
}

/**
 * Checks an event and returns it with `at` normalised (and an Observed event's tags sorted and
 * unique), so that equal events compare equal however their producer wrote the time.
 *
 * @throws InvalidInputError when the event is not one of the five kinds, has no id, a bad time, a pass
 *   without a signature or a revocation without a reason.
 */
export function validateEvent(event: VerdictEvent): VerdictEvent {
  const type: unknown = event?.type;
  if (typeof type !== 'string' || !EVENT_TYPES.has(type)) {
    throw new InvalidInputError(`unknown verdict event type ${JSON.stringify(type)}`);
  }
  if (typeof event.id !== 'string' || event.id.length === 0) {
    throw new InvalidInputError(`${event.type} event has no id`);
  }
  const at = normalizeTime(event.at, `${event.type} event time`);
  switch (event.type) {
    case 'Observed':
      return { ...event, at, tags: uniqueSorted(event.tags ?? []) };
    case 'Evaluated':
      if (event.outcome !== 'pass' && event.outcome !== 'fail') {
        throw new InvalidInputError(`Evaluated event outcome must be pass or fail`);
      }
      if (event.outcome === 'pass' && event.signature === undefined) {
        throw new InvalidInputError(`a passing Evaluated event must carry its signature`);
      }
      if (typeof event.policyVersion !== 'string' || event.policyVersion.length === 0) {
        throw new InvalidInputError(`Evaluated event has no policyVersion`);
      }
      assertReasons(event.reasons, 'Evaluated', 0);
      if (event.validity !== undefined) {
        const { reviewAt, validUntil } = event.validity;
        normalizeTime(reviewAt, 'Evaluated event validity.reviewAt');
        if (validUntil !== undefined) normalizeTime(validUntil, 'Evaluated event validity.validUntil');
      }
      return { ...event, at };
    case 'Revoked':
      assertReasons(event.reasons, 'Revoked', 1);
      return { ...event, at };
    case 'Deleted':
      return { ...event, at };
    case 'Untagged':
      if (!Array.isArray(event.tags) || event.tags.length === 0) {
        throw new InvalidInputError(`Untagged event names no tag`);
      }
      return { ...event, at, tags: uniqueSorted(event.tags) };
  }
}

/** The union of tag lists, sorted, without duplicates. */
export function uniqueSorted(...lists: readonly (readonly string[])[]): string[] {
  return [...new Set(lists.flat())].sort();
}

function assertReasons(reasons: readonly VerdictReason[], type: string, min: number): void {
  if (!Array.isArray(reasons) || reasons.length < min) {
    throw new InvalidInputError(`${type} event needs at least ${min} reason(s)`);
  }
  for (const reason of reasons) {
    if (typeof reason?.code !== 'string' || typeof reason.message !== 'string') {
      throw new InvalidInputError(`${type} event reasons need a code and a message`);
    }
  }
}

/**
 * Checks that an event did not happen in the future: more than `skewMs` after `now` is invalid input
 * (a wrong clock or a forged report), so that it cannot outrank every real event for ever.
 *
 * @throws InvalidInputError when `event.at` is more than `skewMs` after `now`
 */
export function assertNotFuture(event: VerdictEvent, now: Date, skewMs: number): void {
  if (Date.parse(event.at) > now.getTime() + skewMs) {
    throw new InvalidInputError(
      `${event.type} event time ${event.at} is in the future (now ${now.toISOString()}, allowed skew ${skewMs / 1000} s)`,
    );
  }
}
