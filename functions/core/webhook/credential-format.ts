import { randomBytes } from 'node:crypto';
import * as z from 'zod';
import { InvalidInputError } from '../errors';
import type { WebhookCredentials } from '../ports/webhook-credentials';

/** A credential fits a URL path segment as it is: letters, digits, `-` and `_`, 32 to 256 of them. */
export const CREDENTIAL_PATTERN = /^[A-Za-z0-9_-]{32,256}$/;

const credential = z.string().regex(CREDENTIAL_PATTERN, 'must be 32 to 256 letters, digits, - or _');

/** The secret's JSON: `{"current":"...","previous":"..."}` (`previous` only during a rotation). */
export const webhookCredentialsSchema = z.object({ current: credential, previous: credential.optional() });

/**
 * The stored credentials from the secret's text. The message never quotes the text: it is a secret.
 *
 * @throws InvalidInputError when the text is not the JSON above
 */
export function parseWebhookCredentials(text: string): WebhookCredentials {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new InvalidInputError('the webhook credential secret is not JSON', { cause: error });
  }
  const result = webhookCredentialsSchema.safeParse(json);
  if (!result.success) {
    const where = result.error.issues.map((i) => `${i.path.join('.') || '(root)'} ${i.message}`);
    throw new InvalidInputError(
      `the webhook credential secret is not {current, previous?}: ${where.join('; ')}`,
    );
  }
  const { current, previous } = result.data;
  return previous === undefined ? { current } : { current, previous };
}

/** A new credential: 32 random bytes, base64url (43 characters, 256 bits). */
export function newWebhookCredential(): string {
  return randomBytes(32).toString('base64url');
}

/** The credentials after a rotation: a new current one, the old current one still valid as previous. */
export function rotateWebhookCredentials(
  stored: WebhookCredentials,
  fresh = newWebhookCredential(),
): WebhookCredentials {
  return { current: fresh, previous: stored.current };
}
