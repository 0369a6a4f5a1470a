import { UpstreamError } from '../../core/errors';
import type { CredentialProvider, RegistryCredentials } from '../../core/ports/registry-credentials';
import { readBounded } from './bounded-body';
import { errorFromResponse } from './registry-errors';
import type { RegistryResponse } from './registry-response';
import { type AuthChallenge, parseWwwAuthenticate } from './www-authenticate';

/** GETs a token endpoint URL, with an `Authorization` header or anonymously (counted, retried). */
export type TokenFetcher = (
  registry: string,
  url: URL,
  authorization: string | undefined,
) => Promise<RegistryResponse>;

export interface RegistryAuthOptions {
  readonly credentials?: CredentialProvider;
  readonly fetchToken: TokenFetcher;
  /** Hosts that may be reached over plain HTTP; credentials go to no other non-HTTPS realm. */
  readonly isInsecure: (host: string) => boolean;
  readonly now: () => number;
  readonly tokenBytes: number;
  readonly errorBytes: number;
}

interface CachedToken {
  readonly token: string;
  readonly expiresAt: number;
}

/** Tokens whose server names no lifetime live 60 s (the distribution token spec's default). */
const DEFAULT_TOKEN_SECONDS = 60;

/**
 * Registry authentication as the distribution spec and ECR do it. A registry's scheme is learned from
 * its first 401 (`WWW-Authenticate`) and from then on every request carries credentials up front:
 * `Basic` with the CredentialProvider's username and password (ECR: `AWS` and the authorization
 * token), `Bearer` with a token from the challenge's realm, fetched with those credentials or
 * anonymously and cached per registry and scope until shortly before it expires. Credentials and
 * tokens never appear in messages or errors.
 */
export class RegistryAuth {
  private readonly challenges = new Map<string, AuthChallenge>();
  private readonly tokens = new Map<string, Promise<CachedToken>>();

  constructor(private readonly options: RegistryAuthOptions) {}

  /** The `Authorization` header for a request on `registry` that needs `scope`; none before a 401. */
  async authorization(registry: string, scope: string): Promise<string | undefined> {
    const challenge = this.challenges.get(registry);
    if (!challenge) return undefined;
    if (challenge.scheme === 'basic') {
      const credentials = await this.options.credentials?.credentialsFor(registry);
      return credentials && basicAuthorization(credentials);
    }
    return `Bearer ${(await this.token(registry, challenge, scope)).token}`;
  }

  /** Learns a registry's scheme from a 401; false when it offers none this client speaks. */
  learn(registry: string, wwwAuthenticate: string | null): boolean {
    const challenges = parseWwwAuthenticate(wwwAuthenticate);
    const chosen =
      challenges.find((c) => c.scheme === 'bearer' && c.params.realm) ??
      challenges.find((c) => c.scheme === 'basic');
    if (!chosen) return false;
    this.challenges.set(registry, chosen);
    return true;
  }

  /** Forgets what the registry refused: the cached tokens for `scope` and the provider's credentials. */
  refused(registry: string, scope: string): void {
    for (const candidate of acceptableScopes(scope)) this.tokens.delete(tokenKey(registry, candidate));
    this.options.credentials?.invalidate?.(registry);
  }

  private async token(registry: string, challenge: AuthChallenge, scope: string): Promise<CachedToken> {
    const now = this.options.now();
    for (const candidate of acceptableScopes(scope)) {
      const cached = this.tokens.get(tokenKey(registry, candidate));
      if (!cached) continue;
      const token = await cached.catch(() => undefined);
      if (token && token.expiresAt > now) return token;
    }
    const key = tokenKey(registry, scope);
    const pending = this.fetchToken(registry, challenge, scope);
    this.tokens.set(key, pending);
    pending.catch(() => {
      if (this.tokens.get(key) === pending) this.tokens.delete(key);
    });
    return pending;
  }

  private async fetchToken(registry: string, challenge: AuthChallenge, scope: string): Promise<CachedToken> {
    const url = this.realmUrl(registry, challenge);
    url.searchParams.append('scope', scope);
    const context = { registry, method: 'GET', what: `token for ${scope}` };
    for (let round = 1; ; round++) {
      const credentials = await this.options.credentials?.credentialsFor(registry);
      const response = await this.options.fetchToken(
        registry,
        url,
        credentials && basicAuthorization(credentials),
      );
      if (response.status === 401 && credentials && round === 1) {
        await response.discard();
        this.options.credentials?.invalidate?.(registry);
        continue;
      }
      if (!response.ok) throw await errorFromResponse(response, context, this.options.errorBytes);
      const fetchedAt = this.options.now();
      const body = await readBounded(response, this.options.tokenBytes, `token for ${scope} on ${registry}`);
      return parseTokenResponse(body, fetchedAt, context.what, registry);
    }
  }

  private realmUrl(registry: string, challenge: AuthChallenge): URL {
    let url: URL;
    try {
      url = new URL(challenge.params.realm ?? '');
    } catch {
      throw new UpstreamError(`${registry} named a token realm that is not a URL`);
    }
    const secure =
      url.protocol === 'https:' || (url.protocol === 'http:' && this.options.isInsecure(url.host));
    if (!secure) throw new UpstreamError(`${registry} named a token realm that is not HTTPS: ${url.origin}`);
    if (challenge.params.service) url.searchParams.set('service', challenge.params.service);
    return url;
  }
}

function parseTokenResponse(
  body: Uint8Array,
  fetchedAt: number,
  what: string,
  registry: string,
): CachedToken {
  let parsed: { token?: unknown; access_token?: unknown; expires_in?: unknown };
  try {
    parsed = JSON.parse(new TextDecoder().decode(body)) as typeof parsed;
  } catch {
    throw new UpstreamError(`${what} on ${registry}: the token response is not JSON`);
  }
  const token = typeof parsed.access_token === 'string' ? parsed.access_token : parsed.token;
  if (typeof token !== 'string' || token === '')
    throw new UpstreamError(`${what} on ${registry}: the token response holds no token`);
  const seconds =
    typeof parsed.expires_in === 'number' && parsed.expires_in > 0
      ? parsed.expires_in
      : DEFAULT_TOKEN_SECONDS;
  // Renew a little early: a tenth of the lifetime, so a request never leaves with a token about to lapse.
  return { token, expiresAt: fetchedAt + seconds * 900 };
}

/** `Basic base64(username:password)`. */
export function basicAuthorization(credentials: RegistryCredentials): string {
  return `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64')}`;
}

/** The token scope a request needs: `repository:NAME:pull`, or `pull,push` for writes. */
export function repositoryScope(repository: string, push: boolean): string {
  return `repository:${repository}:${push ? 'pull,push' : 'pull'}`;
}

/** A pull may use a cached pull-and-push token of the same repository. */
function acceptableScopes(scope: string): string[] {
  return scope.endsWith(':pull') ? [scope, `${scope},push`] : [scope];
}

function tokenKey(registry: string, scope: string): string {
  return `${registry} ${scope}`;
}
