import { InvalidInputError } from '../errors';
import { parseImageReference } from '../reference/parse-image-reference';
import { requireDigest } from '../reference/require-digest';
import type { ImageReference } from '../image-reference';
import type { VerdictKey } from '../verdict/verdict';

/** The longest reason a person may give, in characters. */
export const MAX_REASON_LENGTH = 500;
/** The longest caller name kept in a message (an IAM ARN is far shorter in practice). */
export const MAX_CALLER_LENGTH = 300;

/**
 * The verdict key an admin operation acts on: a reference with a digest (`registry/repo@sha256:...`,
 * a tag may be given too and is ignored), or a reference already parsed.
 *
 * @throws InvalidReferenceError when the reference does not parse or has no digest (the message says
 *   how to find it: `image-trust resolve REF`)
 */
export function adminKey(image: string | ImageReference): VerdictKey {
  const ref = requireDigest(typeof image === 'string' ? parseImageReference(image) : image);
  return { registry: ref.registry, repository: ref.repository, digest: ref.digest };
}

/**
 * A reason as a person gave it, trimmed: one line of text, 1 to MAX_REASON_LENGTH characters.
 *
 * @throws InvalidInputError when it is not a string, empty, too long or holds control characters
 */
export function checkReason(reason: unknown): string {
  return checkText(reason, 'reason', MAX_REASON_LENGTH);
}

/**
 * Who asked (the IAM principal's ARN), trimmed: one line, 1 to MAX_CALLER_LENGTH characters.
 *
 * @throws InvalidInputError when it is empty, too long or holds control characters
 */
export function checkCaller(by: unknown): string {
  return checkText(by, 'caller', MAX_CALLER_LENGTH);
}

function checkText(value: unknown, what: string, max: number): string {
  if (typeof value !== 'string') throw new InvalidInputError(`${what} must be a string`);
  const text = value.trim();
  if (text.length === 0) throw new InvalidInputError(`${what} must not be empty: say why`);
  if (text.length > max) {
    throw new InvalidInputError(`${what} is ${text.length} characters long; the limit is ${max}`);
  }
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/.test(text)) {
    throw new InvalidInputError(`${what} must be one line of text, without control characters`);
  }
  return text;
}
