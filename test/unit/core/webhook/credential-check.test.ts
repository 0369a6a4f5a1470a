import { UpstreamError } from '../../../../functions/core/errors';
import type { WebhookCredentials } from '../../../../functions/core/ports/webhook-credentials';
import { sameSecret, WebhookCredentialCheck } from '../../../../functions/core/webhook/credential-check';
import {
  newWebhookCredential,
  parseWebhookCredentials,
  rotateWebhookCredentials,
} from '../../../../functions/core/webhook/credential-format';

const A = 'a'.repeat(40);
const B = 'b'.repeat(40);
const C = 'c'.repeat(40);

/** A credential store in memory, counting reads; it can be made to fail. */
function store(initial: WebhookCredentials) {
  let stored = initial;
  let failing = false;
  let reads = 0;
  return {
    source: {
      read: () => {
        reads += 1;
        return failing ? Promise.reject(new UpstreamError('secret unreadable')) : Promise.resolve(stored);
      },
    },
    set: (next: WebhookCredentials) => (stored = next),
    fail: (on: boolean) => (failing = on),
    reads: () => reads,
  };
}

describe('WebhookCredentialCheck', () => {
  it('accepts the current and the previous credential, and nothing else', async () => {
    const check = new WebhookCredentialCheck({ source: store({ current: A, previous: B }).source });

    await expect(check.accepts(A)).resolves.toBe('current');
    await expect(check.accepts(B)).resolves.toBe('previous');
    await expect(check.accepts(C)).resolves.toBeUndefined();
    await expect(check.accepts(A.slice(1))).resolves.toBeUndefined();
    await expect(check.accepts(`${A}a`)).resolves.toBeUndefined();
    await expect(check.accepts('')).resolves.toBeUndefined();
  });

  it('reads the secret once while the credentials match', async () => {
    const s = store({ current: A });
    const check = new WebhookCredentialCheck({ source: s.source });

    for (let i = 0; i < 5; i += 1) await check.accepts(A);

    expect(s.reads()).toBe(1);
  });

  it('re-reads on a miss, so a rotation takes effect without a restart', async () => {
    let now = 0;
    const s = store({ current: A });
    const check = new WebhookCredentialCheck({ source: s.source, minRefreshMs: 10_000, now: () => now });
    await check.accepts(A);
    s.set(rotateWebhookCredentials({ current: A }, C));
    now = 10_000;

    await expect(check.accepts(C)).resolves.toBe('current');
    await expect(check.accepts(A)).resolves.toBe('previous');
    expect(s.reads()).toBe(2);
  });

  it('re-reads at most once per minRefreshMs, however many wrong credentials arrive', async () => {
    let now = 0;
    const s = store({ current: A });
    const check = new WebhookCredentialCheck({ source: s.source, minRefreshMs: 10_000, now: () => now });

    for (let i = 0; i < 50; i += 1) await check.accepts(`${i}`.padEnd(40, 'x'));
    expect(s.reads()).toBe(1);
    now = 10_001;
    await check.accepts(C);
    expect(s.reads()).toBe(2);
  });

  it('fails when the secret cannot be read, and tries again on the next request', async () => {
    const s = store({ current: A });
    s.fail(true);
    const check = new WebhookCredentialCheck({ source: s.source });

    await expect(check.accepts(A)).rejects.toThrow('secret unreadable');
    s.fail(false);
    await expect(check.accepts(A)).resolves.toBe('current');
  });
});

describe('sameSecret', () => {
  it('compares whole strings of any length', () => {
    expect(sameSecret(A, A)).toBe(true);
    expect(sameSecret(A, B)).toBe(false);
    expect(sameSecret(A, A.slice(0, 39))).toBe(false);
    expect(sameSecret('', '')).toBe(true);
  });
});

describe('the secret format', () => {
  it('parses current and previous', () => {
    expect(parseWebhookCredentials(JSON.stringify({ current: A }))).toEqual({ current: A });
    expect(parseWebhookCredentials(JSON.stringify({ current: A, previous: B }))).toEqual({
      current: A,
      previous: B,
    });
  });

  it.each([
    ['not json', 'not JSON'],
    [JSON.stringify({ previous: A }), 'current'],
    [JSON.stringify({ current: 'short' }), 'current must be 32 to 256'],
    [JSON.stringify({ current: `${'x'.repeat(39)}/` }), 'current must be 32 to 256'],
  ])('refuses %s without quoting it', (text, message) => {
    expect(() => parseWebhookCredentials(text)).toThrow(message);
    try {
      parseWebhookCredentials(text);
    } catch (error) {
      expect((error as Error).message).not.toContain('x'.repeat(39));
    }
  });

  it('makes new credentials that fit a URL path and are never the same', () => {
    const made = new Set(Array.from({ length: 100 }, () => newWebhookCredential()));

    expect(made.size).toBe(100);
    for (const credential of made)
      expect(parseWebhookCredentials(JSON.stringify({ current: credential }))).toBeTruthy();
  });

  it('rotates: a new current, the old current as previous, the old previous gone', () => {
    const rotated = rotateWebhookCredentials({ current: A, previous: B });

    expect(rotated.previous).toBe(A);
    expect(rotated.current).not.toBe(A);
    expect(rotated.current).not.toBe(B);
  });
});
