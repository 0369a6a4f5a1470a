import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { DynamoDbPublicKeyStore } from '../adapters/dynamodb/dynamodb-public-key-store';
import { DynamoDbVerdictStore } from '../adapters/dynamodb/dynamodb-verdict-store';
import { SecretsManagerCredentialSource } from '../adapters/secrets-manager/secrets-manager-credential-source';
import { WebhookCredentialCheck } from '../core/webhook/credential-check';
import { functionEnvironment } from '../runtime/environment';
import { tracer } from '../runtime/observability';
import type { ApiDeps } from '../lookup-api/api-deps';

/** What the webhook endpoint runs with: the lookup's ports and the check of the path credential. */
export interface WebhookDeps extends ApiDeps {
  readonly credentials: WebhookCredentialCheck;
}

/**
 * The webhook endpoint's dependencies from its environment, once per cold start: the verdict table
 * (read only, quick to give up, as the lookup API), the configuration, and the credential secret.
 *
 * @throws InvalidInputError naming each variable that is missing or invalid
 */
export function webhookDepsFromEnv(env: NodeJS.ProcessEnv = process.env): WebhookDeps {
  const { config, tableName, timeoutMs, credentialSecretId } = functionEnvironment('admission-webhook', env);
  const client = tracer.captureAWSv3Client(
    new DynamoDBClient({
      maxAttempts: 2,
      requestHandler: { connectionTimeout: Math.min(300, timeoutMs), requestTimeout: timeoutMs },
    }),
  );
  const secrets = tracer.captureAWSv3Client(
    new SecretsManagerClient({ maxAttempts: 2, requestHandler: { requestTimeout: 2000 } }),
  );
  return {
    store: new DynamoDbVerdictStore({ client, tableName }),
    publicKeys: new DynamoDbPublicKeyStore({ client, tableName }),
    config,
    now: () => new Date(),
    timeoutMs,
    credentials: new WebhookCredentialCheck({
      source: new SecretsManagerCredentialSource({ client: secrets, secretId: credentialSecretId }),
    }),
  };
}
