import { createHash, timingSafeEqual } from 'node:crypto';
import type { WebhookCredentialSource, WebhookCredentials } from '../ports/webhook-credentials';

/** Which stored credential a request presented. */
export type AcceptedCredential = 'current' | 'previous';

export interface CredentialCheckOptions {
  readonly source: WebhookCredentialSource;
  /** A miss re-reads the source at most this often (default 10 s): wrong guesses cannot flood it. */
  readonly minRefreshMs?: number;
  readonly now?: () => number;
}

/**
 * Checks the credential a webhook request carries in its path against the stored ones, in constant
 * time (SHA-256 of both sides, then `timingSafeEqual`, so neither content nor length leaks). The stored
 * credentials are read once per container and kept; a credential that matches neither is checked again
 * after one re-read (at most once per `minRefreshMs`), so a rotation takes effect without a restart.
 */
export class WebhookCredentialCheck {
  private cached?: Promise<WebhookCredentials>;
  private readAt = Number.NEGATIVE_INFINITY;
  private readonly minRefreshMs: number;
  private readonly now: () => number;

  constructor(private readonly options: CredentialCheckOptions) {
    this.minRefreshMs = options.minRefreshMs ?? 10_000;
    this.now = options.now ?? Date.now;
  }

  /**
   * Which credential `candidate` is, or undefined when it is neither.
   *
   * @throws what the source throws when the credentials cannot be read (the webhook then fails closed)
   */
  async accepts(candidate: string): Promise<AcceptedCredential | undefined> {
    const first = await this.load(false);
    const found = matchOf(first, candidate);
    if (found !== undefined || this.now() - this.readAt < this.minRefreshMs) return found;
    return matchOf(await this.load(true), candidate);
  }

  private load(refresh: boolean): Promise<WebhookCredentials> {
    if (this.cached === undefined || refresh) {
      this.readAt = this.now();
      const reading = this.options.source.read();
      // A failed read is not kept: the next request tries again.
      reading.catch(() => {
        if (this.cached === reading) this.cached = undefined;
      });
      this.cached = reading;
    }
    return this.cached;
  }
}

function matchOf(stored: WebhookCredentials, candidate: string): AcceptedCredential | undefined {
  // Both compared every time, so the answer's timing does not say which one matched.
  const current = sameSecret(stored.current, candidate);
  const previous = stored.previous !== undefined && sameSecret(stored.previous, candidate);
  if (current) return 'current';
  return previous ? 'previous' : undefined;
}

/** Constant-time equality of two strings of any length. */
export function sameSecret(a: string, b: string): boolean {
  const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest();
  return timingSafeEqual(digest(a), digest(b));
}
