import { InvalidInputError } from '../errors';
import { quote } from '../reference/quote';

/** An ISO 8601 / RFC 3339 date-time with a time zone; fractions of any length (Trivy writes nanoseconds). */
const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})$/i;

/**
 * A timestamp as the ISO string of ScanSummary (`2024-01-31T12:00:00.000Z`). Accepts a Date (AWS SDK),
 * a number of seconds since the epoch (AWS CLI JSON: `1579839105.0`) or an RFC 3339 string with a time
 * zone. Undefined stays undefined.
 *
 * @param what names the field in the error message
 * @throws InvalidInputError when the value is not a valid point in time
 */
export function toIsoTimestamp(value: Date | number | string | undefined, what: string): string | undefined {
  if (value === undefined) {
    return undefined;
  }
  let ms: number;
  if (value instanceof Date) {
    ms = value.getTime();
  } else if (typeof value === 'number') {
    ms = value * 1000;
  } else {
    ms = ISO_DATE_TIME.test(value) ? Date.parse(value) : Number.NaN;
  }
  if (!Number.isFinite(ms) || Math.abs(ms) > 8.64e15) {
    const shown = typeof value === 'string' ? quote(value) : String(value);
    throw new InvalidInputError(
      `${what} ${shown} is not a valid time; expected an ISO 8601 date-time with a time zone, seconds since the epoch or a Date`,
    );
  }
  return new Date(ms).toISOString();
}
