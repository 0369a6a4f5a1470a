/**
 * Registry credentials for ECR from GetAuthorizationToken: `base64("AWS:<password>")`, valid 12 hours.
 * Cached per registry host until `refreshMarginMs` before expiry; concurrent asks share one request.
 */
import { GetAuthorizationTokenCommand, type AuthorizationData, type ECRClient } from '@aws-sdk/client-ecr';
import { ImageTrustError, UpstreamError } from '../../core/errors';
import type { CredentialProvider, RegistryCredentials } from '../../core/ports/registry-credentials';
import { isEcrRegistry, parseEcrRegistry } from '../../core/reference/ecr-registry';
import { translateEcrError } from './ecr-errors';

/** ECR tokens are regional: a client per region (`undefined` for a host that names none). */
export type EcrClientForRegion = (region: string | undefined) => ECRClient;

export interface EcrCredentialProviderOptions {
  /** Epoch milliseconds; default `Date.now`. */
  readonly clock?: () => number;
  /** Refresh this long before the token expires; default 15 minutes. */
  readonly refreshMarginMs?: number;
  /**
   * The registry hosts this provider serves; default the private ECR hosts that core/reference/ecr-registry
   * recognises (FIPS, dual-stack, China and the other partitions included).
   */
  readonly registries?: (host: string) => boolean;
}

export const DEFAULT_REFRESH_MARGIN_MS = 15 * 60 * 1000;
/** What ECR documents, used when a response carries no `expiresAt`. */
const DEFAULT_TOKEN_TTL_MS = 12 * 60 * 60 * 1000;

interface CachedToken {
  readonly credentials: RegistryCredentials;
  /** Epoch milliseconds. */
  readonly expiresAt: number;
}

/** The CredentialProvider of ECR registries (and of any host `registries` admits, such as an emulator's). */
export class EcrCredentialProvider implements CredentialProvider {
  private readonly clientFor: EcrClientForRegion;
  private readonly clock: () => number;
  private readonly refreshMarginMs: number;
  private readonly serves: (host: string) => boolean;
  private readonly cache = new Map<string, CachedToken>();
  private readonly pending = new Map<string, Promise<CachedToken>>();
  /** Bumped by `invalidate`, so a request already on its way cannot refill the cache. */
  private readonly generations = new Map<string, number>();

  constructor(client: ECRClient | EcrClientForRegion, options: EcrCredentialProviderOptions = {}) {
    this.clientFor = typeof client === 'function' ? client : () => client;
    this.clock = options.clock ?? Date.now;
    this.refreshMarginMs = options.refreshMarginMs ?? DEFAULT_REFRESH_MARGIN_MS;
    if (!(this.refreshMarginMs >= 0))
      throw new RangeError(`refreshMarginMs must be >= 0: ${this.refreshMarginMs}`);
    this.serves = options.registries ?? isEcrRegistry;
  }

  /** `undefined` for a host this provider does not serve; else the cached or a fresh token. */
  async credentialsFor(registry: string): Promise<RegistryCredentials | undefined> {
    const host = registry.toLowerCase();
    if (!this.serves(host)) return undefined;
    const cached = this.cache.get(host);
    if (cached && this.clock() < cached.expiresAt - this.refreshMarginMs) return cached.credentials;
    try {
      return (await this.fetchShared(host)).credentials;
    } catch (error) {
      // A refresh inside the margin that fails for a passing reason keeps the token that still works.
      const still = this.cache.get(host);
      if (still && this.clock() < still.expiresAt && error instanceof ImageTrustError && error.retryable)
        return still.credentials;
      throw error;
    }
  }

  /** Drops the cached token of `registry` (the registry refused it); the next ask fetches a new one. */
  invalidate(registry: string): void {
    const host = registry.toLowerCase();
    this.cache.delete(host);
    this.pending.delete(host);
    this.generations.set(host, (this.generations.get(host) ?? 0) + 1);
  }

  private fetchShared(host: string): Promise<CachedToken> {
    const inFlight = this.pending.get(host);
    if (inFlight) return inFlight;
    const generation = this.generations.get(host) ?? 0;
    const request: Promise<CachedToken> = this.fetchToken(host)
      .then((token) => {
        if ((this.generations.get(host) ?? 0) === generation) this.cache.set(host, token);
        return token;
      })
      .finally(() => {
        if (this.pending.get(host) === request) this.pending.delete(host);
      });
    this.pending.set(host, request);
    return request;
  }

  private async fetchToken(host: string): Promise<CachedToken> {
    const action = `GetAuthorizationToken for ${host}`;
    const client = this.clientFor(parseEcrRegistry(host)?.region);
    let data: AuthorizationData | undefined;
    try {
      // No registryIds: deprecated, and the token opens every registry the principal may use.
      data = (await client.send(new GetAuthorizationTokenCommand({}))).authorizationData?.[0];
    } catch (error) {
      throw translateEcrError(error, action);
    }
    if (!data?.authorizationToken) throw new UpstreamError(`${action}: the answer holds no token`);
    const decoded = Buffer.from(data.authorizationToken, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon <= 0) throw new UpstreamError(`${action}: the token is not "user:password" in base64`);
    return {
      credentials: { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) },
      expiresAt: data.expiresAt?.getTime() ?? this.clock() + DEFAULT_TOKEN_TTL_MS,
    };
  }
}
