import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/** At least this many characters: what the deployed secret's generator gives is longer still. */
const MIN_LENGTH = 32;

/**
 * The local webhook endpoint's credential (`npm start`), kept in `path` (mode 0600) between runs as the
 * deployment keeps it in Secrets Manager: read when the file holds one, else made (32 random bytes,
 * base64url) and written. Never printed: the banner names the file.
 *
 * @throws Error when the file holds something shorter than 32 characters or with characters a URL path
 *   segment would have to encode
 */
export function loadOrCreateCredential(path: string): string {
  if (existsSync(path)) {
    const stored = readFileSync(path, 'utf8').trim();
    if (stored.length < MIN_LENGTH || !/^[A-Za-z0-9_-]+$/.test(stored))
      throw new Error(`${path} does not hold a webhook credential (32 or more of A-Z a-z 0-9 _ -)`);
    return stored;
  }
  const made = randomBytes(32).toString('base64url');
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `${made}\n`, { mode: 0o600 });
  return made;
}
