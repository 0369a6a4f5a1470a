import { UpstreamError } from '../../core/errors';
import type { WebhookCredentialSource, WebhookCredentials } from '../../core/ports/webhook-credentials';
import { parseWebhookCredentials } from '../../core/webhook/credential-format';
import type { SdkErrorShape } from '../sdk-error';

/** Secrets Manager's GetSecretValue (AWSCURRENT): HttpSecretsManager, or an SDK client wrapped. */
export interface SecretValueReader {
  getSecretValue(secretId: string): Promise<{ readonly SecretString?: string }>;
}

export interface SecretsManagerCredentialSourceOptions {
  readonly client: SecretValueReader;
  /** The secret's ARN or name. */
  readonly secretId: string;
}

/**
 * The webhook credentials from a Secrets Manager secret (GetSecretValue, AWSCURRENT). Every failure is
 * an UpstreamError (the webhook answers 503 and the API server's failurePolicy Fail denies); no message
 * carries the secret's value.
 */
export class SecretsManagerCredentialSource implements WebhookCredentialSource {
  constructor(private readonly options: SecretsManagerCredentialSourceOptions) {}

  async read(): Promise<WebhookCredentials> {
    const what = `reading the webhook credential secret ${this.options.secretId}`;
    let text: string | undefined;
    try {
      const out = await this.options.client.getSecretValue(this.options.secretId);
      text = out.SecretString;
    } catch (error) {
      const e = (error ?? {}) as SdkErrorShape;
      const retryable =
        e.$fault === 'server' || e.$retryable?.throttling === true || e.name === 'TimeoutError';
      throw new UpstreamError(`${what}: ${e.name ?? 'Error'}: ${e.message ?? String(error)}`, {
        cause: error,
        retryable,
      });
    }
    if (text === undefined) throw new UpstreamError(`${what}: the secret has no SecretString`);
    try {
      return parseWebhookCredentials(text);
    } catch (error) {
      throw new UpstreamError(`${what}: ${(error as Error).message}`, { cause: error });
    }
  }
}
