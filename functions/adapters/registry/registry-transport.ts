import type { CredentialProvider } from '../../core/ports/registry-credentials';
import type { BodyLimits } from './bounded-body';
import { HttpExchange } from './http-exchange';
import { RegistryAuth } from './registry-auth';
import { errorFromTransportFailure } from './registry-errors';
import type { RegistryResponse } from './registry-response';
import type { RegistryRequestEvent, RequestKind, RequestListener } from './request-counter';
import { type RetryPolicy, TransportFailure, withRetry } from './retry';

export interface TransportOptions {
  readonly credentials?: CredentialProvider;
  readonly insecureRegistries: (host: string) => boolean;
  readonly retry: RetryPolicy;
  readonly onRequest?: RequestListener;
  /** Per HTTP request, body included. */
  readonly timeoutMs: number;
  /** A kept-alive connection idle this long is closed (HttpExchange). */
  readonly idleConnectionMs: number;
  readonly limits: BodyLimits;
  readonly now: () => number;
  readonly userAgent: string;
}

/** One distribution API request. */
export interface RegistryRequest {
  /** Registry host and port, as in an image reference. */
  readonly registry: string;
  readonly method: 'GET' | 'HEAD' | 'PUT' | 'POST' | 'DELETE';
  readonly kind: RequestKind;
  /** A path from the registry root (`/v2/...`) or an absolute URL (an upload `Location`, a `Link`). */
  readonly target: string | URL;
  /** The token scope the request needs (`repository:NAME:pull`). */
  readonly scope: string;
  /** What the request is about, for error messages: `manifest team/app:v1`. */
  readonly what: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: Uint8Array;
}

const MAX_REDIRECTS = 5;

/** Loopback hosts, reached over plain HTTP by default: `127.0.0.1`, `localhost`, `[::1]`, any port. */
export function isLoopbackRegistry(host: string): boolean {
  const name = host.startsWith('[') ? host.slice(0, host.indexOf(']') + 1) : host.split(':')[0];
  return name === '127.0.0.1' || name === 'localhost' || name === '[::1]';
}

/** The API root of a registry host: `https://HOST`, or `http://HOST` for an insecure one. */
export function registryBaseUrl(host: string, insecure: boolean): URL {
  const name = host === 'docker.io' || host === 'index.docker.io' ? 'registry-1.docker.io' : host;
  return new URL(`${insecure ? 'http' : 'https'}://${name}`);
}

/**
 * Sends distribution API requests: picks the base URL, authenticates (learning the scheme from a 401,
 * renewing credentials refused with 401 or 403 once), retries 429/5xx/network failures, follows redirects (credentials
 * only to the registry's own origin), applies a timeout and reports every HTTP request to `onRequest`.
 * Returns the final response whatever its status; callers translate the ones they do not expect.
 */
export class RegistryTransport {
  readonly auth: RegistryAuth;
  private readonly http: HttpExchange;

  constructor(private readonly options: TransportOptions) {
    this.http = new HttpExchange(options.idleConnectionMs);
    this.auth = new RegistryAuth({
      credentials: options.credentials,
      isInsecure: options.insecureRegistries,
      now: options.now,
      tokenBytes: options.limits.tokenBytes,
      errorBytes: options.limits.errorBytes,
      fetchToken: (registry, url, authorization) =>
        this.withRetries(
          { registry, method: 'GET', kind: 'token', what: 'token' },
          url,
          authorization ? { authorization } : {},
        ),
    });
  }

  baseUrl(registry: string): URL {
    return registryBaseUrl(registry, this.options.insecureRegistries(registry));
  }

  /** Resolves a path or URL (absolute or relative, e.g. a `Location`) against the registry's base URL. */
  resolve(registry: string, target: string | URL): URL {
    return new URL(target, this.baseUrl(registry));
  }

  async send(request: RegistryRequest): Promise<RegistryResponse> {
    const url = this.resolve(request.registry, request.target);
    const ownOrigin = url.origin === this.baseUrl(request.registry).origin;
    const headers = { 'user-agent': this.options.userAgent, ...request.headers };
    let authorization = ownOrigin
      ? await this.auth.authorization(request.registry, request.scope)
      : undefined;
    let renewed = false;
    for (;;) {
      const response = await this.withRetries(
        request,
        url,
        authorization ? { ...headers, authorization } : headers,
        request.body,
      );
      // ECR answers an expired token with 403 `DENIED` and no challenge: renewed like a 401.
      const refused = response.status === 403 && authorization !== undefined;
      if ((response.status !== 401 && !refused) || !ownOrigin) return response;
      if (response.status === 401 && !this.auth.learn(request.registry, response.header('www-authenticate')))
        return response;
      if (authorization !== undefined) {
        if (renewed) return response;
        renewed = true;
        this.auth.refused(request.registry, request.scope);
      }
      const next = await this.auth.authorization(request.registry, request.scope);
      if (next === undefined) return response;
      await response.discard();
      authorization = next;
    }
  }

  private async withRetries(
    request: Pick<RegistryRequest, 'registry' | 'method' | 'kind' | 'what'>,
    url: URL,
    headers: Readonly<Record<string, string>>,
    body?: Uint8Array,
  ): Promise<RegistryResponse> {
    try {
      return await withRetry(this.options.retry, (attempt) =>
        this.followRedirects(request, url, headers, body, attempt),
      );
    } catch (error) {
      if (error instanceof TransportFailure) throw errorFromTransportFailure(error, request);
      throw error;
    }
  }

  private async followRedirects(
    request: Pick<RegistryRequest, 'registry' | 'method' | 'kind'>,
    url: URL,
    headers: Readonly<Record<string, string>>,
    body: Uint8Array | undefined,
    attempt: number,
  ): Promise<RegistryResponse> {
    let current = url;
    let currentHeaders = headers;
    for (let hop = 0; ; hop++) {
      const response = await this.sendOnce(request, current, currentHeaders, body, attempt);
      const location = response.header('location');
      const redirect = [301, 302, 303, 307, 308].includes(response.status) && location !== null;
      if (!redirect || hop >= MAX_REDIRECTS || (request.method !== 'GET' && request.method !== 'HEAD'))
        return response;
      await response.discard();
      const next = new URL(location, current);
      if (next.origin !== url.origin) {
        // A blob store's pre-signed URL: it must never see the registry's credentials.
        currentHeaders = Object.fromEntries(
          Object.entries(currentHeaders).filter(([name]) => name !== 'authorization'),
        );
      }
      current = next;
    }
  }

  private async sendOnce(
    request: Pick<RegistryRequest, 'registry' | 'method' | 'kind'>,
    url: URL,
    headers: Readonly<Record<string, string>>,
    body: Uint8Array | undefined,
    attempt: number,
  ): Promise<RegistryResponse> {
    const started = performance.now();
    let status: number | undefined;
    try {
      const response = await this.http.send({
        method: request.method,
        url,
        headers,
        body,
        timeoutMs: this.options.timeoutMs,
      });
      status = response.status;
      return response;
    } catch (error) {
      throw new TransportFailure(error);
    } finally {
      this.report({
        registry: request.registry,
        method: request.method,
        kind: request.kind,
        status,
        durationMs: performance.now() - started,
        attempt,
      });
    }
  }

  private report(event: RegistryRequestEvent): void {
    try {
      this.options.onRequest?.(event);
    } catch {
      // Counting must never break a request.
    }
  }
}
