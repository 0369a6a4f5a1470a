import type { z } from 'zod';
import { InvalidInputError } from '../core/errors';
import { issueLines, zodMessages } from '../core/validation/zod-messages';
import type { ApiEvent } from './api-event';
import { HttpRequestError } from './http-errors';
import { deepNestingAt } from './json-depth';

/** The largest request body accepted, in bytes (after base64 decoding). */
export const MAX_BODY_BYTES = 1024 * 1024;
/** The deepest JSON nesting accepted (objects and arrays). A Pod spec needs about 15. */
export const MAX_JSON_DEPTH = 64;

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * The request body as JSON, refused before parsing when it cannot be what any route accepts: not
 * JSON by its content type (415), larger than MAX_BODY_BYTES (413), missing, not UTF-8, nested
 * deeper than MAX_JSON_DEPTH, or not valid JSON (400). A base64-encoded body (`isBase64Encoded`) is
 * decoded first.
 */
export function readJsonBody(event: ApiEvent): unknown {
  const type = event.headers['content-type'];
  if (type !== undefined && !/^application\/([a-z0-9.+-]*\+)?json\s*(;|$)/i.test(type.trim())) {
    throw new HttpRequestError(
      'UNSUPPORTED_MEDIA_TYPE',
      `the body must be JSON (application/json), not ${type.slice(0, 80)}`,
    );
  }
  const raw = event.body ?? '';
  if (raw.length === 0) throw new InvalidInputError('the request needs a JSON body');
  const tooLarge = new HttpRequestError(
    'PAYLOAD_TOO_LARGE',
    `the body is larger than ${MAX_BODY_BYTES} bytes, the most this API accepts`,
  );
  let text: string;
  if (event.isBase64Encoded) {
    if (raw.length > Math.ceil(MAX_BODY_BYTES / 3) * 4 + 4) throw tooLarge;
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(raw.replace(/\s+/g, ''))) {
      throw new InvalidInputError('the body is marked base64-encoded but is not base64');
    }
    const bytes = Buffer.from(raw, 'base64');
    if (bytes.length > MAX_BODY_BYTES) throw tooLarge;
    try {
      text = utf8.decode(bytes);
    } catch {
      throw new InvalidInputError('the body is not UTF-8 text');
    }
  } else {
    if (raw.length > MAX_BODY_BYTES || Buffer.byteLength(raw, 'utf8') > MAX_BODY_BYTES) throw tooLarge;
    text = raw;
  }
  const deep = deepNestingAt(text, MAX_JSON_DEPTH);
  if (deep >= 0) {
    throw new InvalidInputError(`the body nests deeper than ${MAX_JSON_DEPTH} levels (at byte ${deep + 1})`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new InvalidInputError(`the body is not valid JSON: ${(error as Error).message.slice(0, 200)}`);
  }
}

/**
 * Validates a parsed body against a route's request schema.
 *
 * @throws InvalidInputError naming each problem with its path (at most ten)
 */
export function parseBody<S extends z.ZodType>(schema: S, body: unknown, what: string): z.output<S> {
  const result = schema.safeParse(body, { error: zodMessages });
  if (!result.success) {
    throw new InvalidInputError(`invalid ${what}: ${issueLines(result.error, 'body').join('; ')}`);
  }
  return result.data;
}
