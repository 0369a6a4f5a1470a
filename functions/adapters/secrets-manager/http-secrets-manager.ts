import { AwsJsonClient, type AwsCredentials } from '../aws-http/aws-json-client';
import type { SecretValueReader } from './secrets-manager-credential-source';

export interface HttpSecretsManagerOptions {
  readonly region: string;
  /** Default: Secrets Manager's regional endpoint. */
  readonly endpoint?: string;
  /** Default: the environment's (Lambda's). */
  readonly credentials?: AwsCredentials;
  readonly requestTimeoutMs: number;
}

/** GetSecretValue over AwsJsonClient: the webhook function's one Secrets Manager call, without the SDK. */
export class HttpSecretsManager implements SecretValueReader {
  private readonly client: AwsJsonClient;

  constructor(options: HttpSecretsManagerOptions) {
    this.client = new AwsJsonClient({
      service: 'secretsmanager',
      targetPrefix: 'secretsmanager',
      jsonVersion: '1.1',
      region: options.region,
      requestTimeoutMs: options.requestTimeoutMs,
      ...(options.endpoint === undefined ? {} : { endpoint: options.endpoint }),
      ...(options.credentials === undefined ? {} : { credentials: options.credentials }),
    });
  }

  /** @throws AwsServiceError as Secrets Manager answers it (the credential source translates it) */
  getSecretValue(secretId: string): Promise<{ readonly SecretString?: string }> {
    return this.client.call('GetSecretValue', { SecretId: secretId });
  }
}
