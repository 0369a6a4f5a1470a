import { HttpPost, type PostAnswer } from './http-post';
import { SigV4Signer, type AwsCredentials } from './sigv4-signer';

export type { AwsCredentials } from './sigv4-signer';

/** One AWS JSON-protocol service (DynamoDB, KMS, Secrets Manager) as a compact client calls it. */
export interface AwsJsonClientOptions {
  /** The SigV4 service name: `dynamodb`, `kms`, `secretsmanager`. */
  readonly service: string;
  /** `X-Amz-Target` is this, a dot and the operation: `DynamoDB_20120810`, `TrentService`, `secretsmanager`. */
  readonly targetPrefix: string;
  /** `1.0` (DynamoDB) or `1.1` (KMS, Secrets Manager). */
  readonly jsonVersion: '1.0' | '1.1';
  readonly region: string;
  /** Default `https://SERVICE.REGION.amazonaws.com`. */
  readonly endpoint?: string;
  /** Default: AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN, read at each call. */
  readonly credentials?: AwsCredentials;
  /** How long one attempt may take before it is abandoned (a TimeoutError). */
  readonly requestTimeoutMs: number;
  /** Attempts for a throttled, 5xx or unanswered call (default 2, as the lookup's SDK clients had). */
  readonly maxAttempts?: number;
}

/**
 * An AWS service's error as the SDK shapes it (`name`, `$metadata.httpStatusCode`, `$fault`), so the
 * adapters' existing translations (translateDynamoDbError, translateKmsError) map it the same way.
 */
export class AwsServiceError extends Error {
  readonly $metadata: { readonly httpStatusCode?: number };
  readonly $fault?: 'client' | 'server';
  /** Set for throttling, as the SDK marks it. */
  readonly $retryable?: { readonly throttling: boolean };

  constructor(name: string, message: string, status: number | undefined, options?: { cause?: unknown }) {
    super(message, options);
    this.name = name;
    this.$metadata = { httpStatusCode: status };
    if (status !== undefined) this.$fault = status >= 500 ? 'server' : 'client';
    if (THROTTLING.test(name) || status === 429) this.$retryable = { throttling: true };
  }
}

const THROTTLING = /Throttling|ProvisionedThroughputExceeded|RequestLimitExceeded|TooManyRequests/;

/**
 * A compact client for AWS's JSON protocol: one POST per operation, signed with SigV4 (SigV4Signer: the SDK's
 * signer, hashing on node:crypto), sent over node:http(s) (HttpPost, connections kept alive). What the lookup uses instead of
 * the SDK clients, whose code doubles its bundle and its cold load (README, "The lookup's bundle").
 */
export class AwsJsonClient {
  private readonly endpoint: URL;
  private readonly contentType: string;
  private readonly maxAttempts: number;
  private readonly signer: SigV4Signer;
  private readonly http: HttpPost;

  constructor(private readonly options: AwsJsonClientOptions) {
    this.endpoint = new URL(
      options.endpoint ?? `https://${options.service}.${options.region}.amazonaws.com/`,
    );
    this.signer = new SigV4Signer(options.service, options.region);
    this.http = new HttpPost(this.endpoint);
    this.contentType = `application/x-amz-json-${options.jsonVersion}`;
    this.maxAttempts = Math.max(1, options.maxAttempts ?? 2);
  }

  /**
   * Calls `operation` with `input` and returns the parsed answer.
   *
   * @throws AwsServiceError: the service's error (`name` = its `__type`), a `TimeoutError`, or, when no
   *   answer came at all, a `NetworkingError` without status (the error as `cause`)
   */
  async call<T>(operation: string, input: unknown): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.once<T>(operation, input);
      } catch (error) {
        if (attempt >= this.maxAttempts || !retryable(error)) throw error;
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 25 * attempt));
      }
    }
  }

  private async once<T>(operation: string, input: unknown): Promise<T> {
    const body = JSON.stringify(input);
    const headers = await this.signer.sign(
      {
        url: this.endpoint,
        headers: {
          'content-type': this.contentType,
          'x-amz-target': `${this.options.targetPrefix}.${operation}`,
        },
        body,
      },
      this.options.credentials ?? environmentCredentials(),
    );
    let answer: PostAnswer;
    try {
      answer = await this.http.post(headers, body, this.options.requestTimeoutMs);
    } catch (cause) {
      const timedOut = cause instanceof Error && cause.name === 'TimeoutError';
      const message = cause instanceof Error ? withCode(cause) : String(cause);
      throw new AwsServiceError(timedOut ? 'TimeoutError' : 'NetworkingError', message, undefined, { cause });
    }
    if (answer.status >= 200 && answer.status < 300)
      return (answer.text === '' ? {} : JSON.parse(answer.text)) as T;
    throw errorOf(answer.status, answer.text);
  }
}

/** The credentials Lambda sets (the function role's), read at each call. */
export function environmentCredentials(env: NodeJS.ProcessEnv = process.env): AwsCredentials {
  const accessKeyId = env.AWS_ACCESS_KEY_ID;
  const secretAccessKey = env.AWS_SECRET_ACCESS_KEY;
  if (!accessKeyId || !secretAccessKey) {
    throw new AwsServiceError(
      'CredentialsProviderError',
      'no AWS credentials: AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not set',
      undefined,
    );
  }
  const sessionToken = env.AWS_SESSION_TOKEN;
  return sessionToken ? { accessKeyId, secretAccessKey, sessionToken } : { accessKeyId, secretAccessKey };
}

function errorOf(status: number, text: string): AwsServiceError {
  let type = '';
  let message = text.slice(0, 500);
  try {
    const body = JSON.parse(text) as { __type?: unknown; message?: unknown; Message?: unknown };
    type = typeof body.__type === 'string' ? body.__type : '';
    const said = body.message ?? body.Message;
    if (typeof said === 'string') message = said;
  } catch {
    // Not JSON (a proxy's page): the status says enough.
  }
  const name =
    type.slice(type.lastIndexOf('#') + 1) || (status >= 500 ? 'InternalServerError' : `Http${status}`);
  return new AwsServiceError(name, message, status);
}

function retryable(error: unknown): boolean {
  if (!(error instanceof AwsServiceError)) return false;
  const status = error.$metadata.httpStatusCode;
  if (status === undefined) return error.name === 'NetworkingError';
  return status >= 500 || error.$retryable?.throttling === true;
}

/** The error's message, with its code (`ECONNREFUSED`) when the message does not say it. */
function withCode(error: Error): string {
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' && !error.message.includes(code)
    ? `${error.message} (${code})`
    : error.message;
}
