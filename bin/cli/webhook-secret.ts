import type { WebhookCredentials } from '../../functions/core/ports/webhook-credentials';
import { parseWebhookCredentials } from '../../functions/core/webhook/credential-format';
import { secretsManagerClient } from './aws-clients';
import { UnavailableError, UsageError } from './exit-codes';
import type { GlobalOptions } from './options';

/** `--credential-secret`, required. */
export function credentialSecretOf(options: GlobalOptions): string {
  if (options.credentialSecret === undefined) {
    throw new UsageError(
      '--credential-secret is needed: the ARN cdk deploy printed as AdmissionWebhookSecretArn',
    );
  }
  return options.credentialSecret;
}

/**
 * The webhook credential secret, read and written with the caller's AWS credentials. Messages name
 * the secret, never its value.
 */
export class WebhookSecret {
  private constructor(
    private readonly client: Awaited<ReturnType<typeof secretsManagerClient>>,
    readonly secretId: string,
  ) {}

  static async open(options: GlobalOptions): Promise<WebhookSecret> {
    const secretId = credentialSecretOf(options);
    return new WebhookSecret(await secretsManagerClient(options, secretId), secretId);
  }

  async read(): Promise<WebhookCredentials> {
    const { GetSecretValueCommand } = await import('@aws-sdk/client-secrets-manager');
    const out = await this.call('read', () =>
      this.client.send(new GetSecretValueCommand({ SecretId: this.secretId })),
    );
    if (out.SecretString === undefined) throw new UnavailableError(`${this.secretId} has no SecretString`);
    try {
      return parseWebhookCredentials(out.SecretString);
    } catch (error) {
      throw new UnavailableError(`${this.secretId}: ${(error as Error).message}`, { cause: error });
    }
  }

  async write(credentials: WebhookCredentials): Promise<void> {
    const { PutSecretValueCommand } = await import('@aws-sdk/client-secrets-manager');
    await this.call('write', () =>
      this.client.send(
        new PutSecretValueCommand({ SecretId: this.secretId, SecretString: JSON.stringify(credentials) }),
      ),
    );
  }

  private async call<T>(what: string, send: () => Promise<T>): Promise<T> {
    try {
      return await send();
    } catch (error) {
      const e = error as { name?: string; message?: string };
      throw new UnavailableError(
        `cannot ${what} the webhook credential secret ${this.secretId}: ${e.name ?? 'Error'}: ${e.message ?? String(error)}`,
        { cause: error },
      );
    }
  }
}
