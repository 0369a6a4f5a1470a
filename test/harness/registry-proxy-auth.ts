import { randomBytes } from 'node:crypto';
import { type ProxyHandler, type ProxyRequest, registryError, reply } from './registry-proxy';

export interface BasicAuthOptions {
  readonly username: string;
  readonly password: string;
  /** Passwords answered as ECR answers an expired token: 403 `DENIED`, no challenge. */
  readonly expiredPasswords?: readonly string[];
}

/** Demands `Authorization: Basic` with these credentials on every request, as ECR does. */
export function basicAuthGate(options: BasicAuthOptions, next?: ProxyHandler): ProxyHandler {
  const encode = (password: string) =>
    `Basic ${Buffer.from(`${options.username}:${password}`).toString('base64')}`;
  const expected = encode(options.password);
  const expired = new Set((options.expiredPasswords ?? []).map(encode));
  return (request, forward) => {
    const sent = request.headers.authorization;
    if (sent !== undefined && expired.has(sent))
      return registryError(
        403,
        'DENIED',
        'Your authorization token has expired. Reauthenticate and try again.',
      );
    if (sent !== expected)
      return registryError(401, 'UNAUTHORIZED', 'authentication required', {
        'www-authenticate': 'Basic realm="image-trust-test"',
      });
    return next ? next(request, forward) : forward();
  };
}

export interface BearerAuthOptions {
  /** Username and password the token endpoint accepts; other credentials get a 401 there. */
  readonly username: string;
  readonly password: string;
  /** Whether the token endpoint grants `pull` to anonymous callers. */
  readonly anonymousPull?: boolean;
  /** `expires_in` of issued tokens, seconds. */
  readonly expiresIn?: number;
}

export interface BearerAuthGate {
  readonly handler: ProxyHandler;
  /** Calls of the token endpoint: whether they came with valid credentials and the scopes asked. */
  readonly tokenRequests: { readonly authenticated: boolean; readonly scopes: string[] }[];
  /** Makes every token issued so far invalid (a registry-side revocation). */
  revokeAll(): void;
}

/**
 * Token authentication as the distribution spec describes it: the registry answers 401 with
 * `WWW-Authenticate: Bearer realm=<proxy>/token,service=...,scope=repository:NAME:ACTION`; the token
 * endpoint at `/token` checks Basic credentials and issues a token for the granted actions; the
 * registry then accepts `Authorization: Bearer <token>` when the token covers the request.
 */
export function bearerAuthGate(proxyUrl: () => string, options: BearerAuthOptions): BearerAuthGate {
  const tokens = new Map<string, { grants: Set<string>; valid: boolean }>();
  const tokenRequests: { authenticated: boolean; scopes: string[] }[] = [];
  const expected = `Basic ${Buffer.from(`${options.username}:${options.password}`).toString('base64')}`;

  const issue = (request: ProxyRequest) => {
    const url = new URL(request.path, 'http://proxy');
    const scopes = url.searchParams.getAll('scope');
    const sent = request.headers.authorization;
    const authenticated = sent === expected;
    tokenRequests.push({ authenticated, scopes });
    if (sent !== undefined && !authenticated) return registryError(401, 'UNAUTHORIZED', 'bad credentials');
    const grants = new Set<string>();
    for (const scope of scopes) {
      const [type, name, actions] = scope.split(':');
      if (type !== 'repository' || !name || !actions) continue;
      for (const action of actions.split(','))
        if (authenticated || (options.anonymousPull && action === 'pull')) grants.add(`${name}:${action}`);
    }
    const token = randomBytes(16).toString('hex');
    tokens.set(token, { grants, valid: true });
    return reply(200, JSON.stringify({ token, expires_in: options.expiresIn ?? 300 }), {
      'content-type': 'application/json',
    });
  };

  const handler: ProxyHandler = (request, forward) => {
    if (request.path.startsWith('/token')) return issue(request);
    const match = /^\/v2\/(.+?)\/(manifests|blobs|tags|referrers)\//.exec(request.path);
    const name = match?.[1] ?? '';
    const action = request.method === 'GET' || request.method === 'HEAD' ? 'pull' : 'push';
    const bearer = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1];
    const token = bearer ? tokens.get(bearer) : undefined;
    if (!token?.valid || !token.grants.has(`${name}:${action}`)) {
      const scope = `repository:${name}:${action === 'pull' ? 'pull' : 'pull,push'}`;
      return registryError(401, 'UNAUTHORIZED', 'authentication required', {
        'www-authenticate': `Bearer realm="${proxyUrl()}/token",service="image-trust-test",scope="${scope}"`,
      });
    }
    return forward();
  };

  return {
    handler,
    tokenRequests,
    revokeAll: () => {
      for (const token of tokens.values()) token.valid = false;
    },
  };
}
