import type { AdminAnswer } from '../../functions/admin-api/admin-routes';
import type { BreakGlassListing } from '../../functions/admin-api/break-glass-route';
import type { VerdictAnswer } from '../../functions/core/lookup/verdict-answer';
import { ApiCallError, UnavailableError } from './exit-codes';
import type { FetchLike } from './mtls-fetch';
import type { RequestSigner } from './sigv4';

/** One result of a batch lookup: an answer, or why the reference is invalid. */
export type BatchResult =
  | { readonly input: string; readonly answer: VerdictAnswer }
  | { readonly input: string; readonly error: { readonly code: string; readonly message: string } };

/** The public key images are signed with. */
export interface PublicKey {
  readonly pem: string;
  /** From the `x-image-trust-key-id` header (a KMS key ARN). */
  readonly keyId?: string;
}

/** One key of the published key set (`GET /v1/public-keys`). */
export interface PublishedKeyAnswer {
  readonly keyId: string;
  readonly state: 'active' | 'verifying' | 'retired';
  readonly fingerprint: string;
  readonly pem: string;
}

export interface ApiClientOptions {
  /** The API's base URL, with a stage path if it has one (`https://ID.execute-api.REGION.amazonaws.com/prod`). */
  readonly baseUrl: URL;
  /** Signs each request (SigV4); absent for the local mode. */
  readonly signer?: RequestSigner;
  /** Per request; default 30 s. */
  readonly timeoutMs?: number;
  /** How requests are sent: global fetch, or one that presents a client certificate (mtls-fetch.ts). */
  readonly fetch?: FetchLike;
}

interface Answer {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
}

/**
 * A small client of the image-trust HTTP API (docs/openapi.json) and its admin routes, on global
 * fetch. Turns what goes wrong into CLI errors: ApiCallError for an error answer (its code and
 * message), UnavailableError when the API cannot be reached or answers something unexpected.
 */
export class ApiClient {
  constructor(private readonly options: ApiClientOptions) {}

  /** `GET /v1/verdicts?image=REF`. */
  async verdict(image: string): Promise<VerdictAnswer> {
    const answer = await this.call('GET', '/v1/verdicts', { query: { image } });
    return expectAnswer(parseJson(answer, 'GET /v1/verdicts'), 'GET /v1/verdicts');
  }

  /** `POST /v1/verdicts:batch` for up to 100 references; one result per reference, in order. */
  async batch(images: readonly string[]): Promise<readonly BatchResult[]> {
    const what = 'POST /v1/verdicts:batch';
    const body = parseJson(await this.call('POST', '/v1/verdicts:batch', { body: { images } }), what);
    const results = isRecord(body) && Array.isArray(body.results) ? (body.results as unknown[]) : undefined;
    if (results === undefined || results.length !== images.length) {
      throw new UnavailableError(`${what} answered without one result per image`);
    }
    return results.map((result) => {
      if (isRecord(result) && isRecord(result.error)) return result as BatchResult;
      if (isRecord(result) && typeof result.input === 'string') {
        return { input: result.input, answer: expectAnswer(result.answer, what) };
      }
      throw new UnavailableError(`${what} answered a result that is neither an answer nor an error`);
    });
  }

  /** `POST /v1/admin/revoke`. */
  async revoke(image: string, reason: string): Promise<AdminAnswer> {
    return this.admin('/v1/admin/revoke', { image, reason });
  }

  /** `POST /v1/admin/reevaluate`. */
  async reevaluate(image: string, reason?: string): Promise<AdminAnswer> {
    return this.admin('/v1/admin/reevaluate', reason === undefined ? { image } : { image, reason });
  }

  /** `GET /v1/admin/break-glass`: the recorded break-glass uses, newest first. */
  async breakGlass(limit = 100): Promise<BreakGlassListing> {
    const what = 'GET /v1/admin/break-glass';
    const answer = parseJson(
      await this.call('GET', '/v1/admin/break-glass', { query: { limit: String(limit) } }),
      what,
    );
    if (!isRecord(answer) || !Array.isArray(answer.uses)) {
      throw new UnavailableError(`${what} answered something that is not a break-glass listing`);
    }
    return answer as unknown as BreakGlassListing;
  }

  /** `GET /v1/public-key`. */
  async publicKey(): Promise<PublicKey> {
    const answer = await this.call('GET', '/v1/public-key', {});
    if (!answer.text.includes('-----BEGIN PUBLIC KEY-----')) {
      throw new UnavailableError('GET /v1/public-key answered something that is not a PEM public key');
    }
    const keyId = answer.headers.get('x-image-trust-key-id') ?? undefined;
    return keyId === undefined ? { pem: answer.text } : { pem: answer.text, keyId };
  }

  /** `GET /v1/public-keys`: every key with its id and state. */
  async publicKeys(): Promise<readonly PublishedKeyAnswer[]> {
    const what = 'GET /v1/public-keys';
    const body = parseJson(await this.call('GET', '/v1/public-keys', {}), what);
    const keys = isRecord(body) && Array.isArray(body.keys) ? (body.keys as unknown[]) : undefined;
    if (keys === undefined || !keys.every(isPublishedKey)) {
      throw new UnavailableError(`${what} answered something that is not a key set`);
    }
    return keys;
  }

  private async admin(path: string, body: Record<string, string>): Promise<AdminAnswer> {
    const what = `POST ${path}`;
    const answer = parseJson(await this.call('POST', path, { body }), what);
    if (!isRecord(answer) || typeof answer.action !== 'string' || typeof answer.eventId !== 'string') {
      throw new UnavailableError(`${what} answered something that is not an admin answer`);
    }
    expectAnswer(answer.verdict, what);
    return answer as unknown as AdminAnswer;
  }

  private async call(
    method: 'GET' | 'POST',
    path: string,
    request: { readonly query?: Record<string, string>; readonly body?: unknown },
  ): Promise<Answer> {
    const url = this.url(path, request.query);
    const body = request.body === undefined ? undefined : JSON.stringify(request.body);
    const unsigned: Record<string, string> = {
      accept: 'application/json, application/x-pem-file',
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    };
    const headers = this.options.signer
      ? await this.options.signer({ method, url, headers: unsigned, ...(body === undefined ? {} : { body }) })
      : unsigned;
    let response: Response;
    let text: string;
    try {
      response = await (this.options.fetch ?? fetch)(url, {
        method,
        headers,
        ...(body === undefined ? {} : { body }),
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 30_000),
      });
      text = await response.text();
    } catch (error) {
      throw new UnavailableError(`cannot reach the image-trust API at ${url.origin}: ${describe(error)}`, {
        cause: error,
      });
    }
    if (response.status >= 200 && response.status < 300) {
      return { status: response.status, headers: response.headers, text };
    }
    throw errorOf(method, path, response.status, text);
  }

  private url(path: string, query: Record<string, string> = {}): URL {
    const url = new URL(this.options.baseUrl.href);
    url.pathname = `${url.pathname.replace(/\/+$/, '')}${path}`;
    url.search = new URLSearchParams(query).toString();
    return url;
  }
}

function errorOf(method: string, path: string, status: number, text: string): ApiCallError {
  let code = `HTTP_${status}`;
  let message = text.slice(0, 300);
  try {
    const body = JSON.parse(text) as unknown;
    if (isRecord(body) && isRecord(body.error) && typeof body.error.message === 'string') {
      code = typeof body.error.code === 'string' ? body.error.code : code;
      message = body.error.message;
    }
  } catch {
    // not JSON: keep the start of the text
  }
  const hint =
    status === 403
      ? ' (are your AWS credentials for the right account, and may they call this API?)'
      : code === 'ROUTE_NOT_FOUND' && path.startsWith('/v1/admin/')
        ? ' (this API has no admin routes: point --admin-api at the admin API)'
        : '';
  return new ApiCallError(status, code, `${method} ${path} failed: ${status} ${code}: ${message}${hint}`);
}

function parseJson(answer: Answer, what: string): unknown {
  try {
    return JSON.parse(answer.text) as unknown;
  } catch (error) {
    throw new UnavailableError(`${what} answered something that is not JSON`, { cause: error });
  }
}

function expectAnswer(value: unknown, what: string): VerdictAnswer {
  const ok =
    isRecord(value) &&
    typeof value.image === 'string' &&
    typeof value.allowed === 'boolean' &&
    typeof value.status === 'string' &&
    Array.isArray(value.reasons);
  if (!ok) throw new UnavailableError(`${what} answered something that is not a verdict answer`);
  return value as unknown as VerdictAnswer;
}

/** Why a request got no answer: the system error code, else the innermost message (duck-typed: errors may cross realms). */
function describe(error: unknown): string {
  if (isRecord(error) && error.name === 'TimeoutError') return 'no answer in time';
  const cause = isRecord(error) ? error.cause : undefined;
  if (isRecord(cause) && typeof cause.code === 'string') return cause.code;
  if (isRecord(cause) && typeof cause.message === 'string') return cause.message;
  return isRecord(error) && typeof error.message === 'string' ? error.message : String(error);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isPublishedKey(value: unknown): value is PublishedKeyAnswer {
  return (
    isRecord(value) &&
    typeof value.keyId === 'string' &&
    ['active', 'verifying', 'retired'].includes(value.state as string) &&
    typeof value.fingerprint === 'string' &&
    typeof value.pem === 'string' &&
    value.pem.includes('-----BEGIN PUBLIC KEY-----')
  );
}
