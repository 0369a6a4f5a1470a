import { HttpDynamoDb } from '../adapters/dynamodb/http-dynamodb';
import { HttpPublicKeyReader } from '../adapters/dynamodb/http-public-key-reader';
import { HttpVerdictReader } from '../adapters/dynamodb/http-verdict-reader';
import { HttpSecretsManager } from '../adapters/secrets-manager/http-secrets-manager';
import { SecretsManagerCredentialSource } from '../adapters/secrets-manager/secrets-manager-credential-source';
import { WebhookCredentialCheck } from '../core/webhook/credential-check';
import { awsServiceSettings } from '../runtime/aws-service-settings';
import { functionEnvironment } from '../runtime/environment';
import { logDroppedSeal, logRefusedItem } from '../runtime/refused-item-log';
import { lookupSealKeys, type ApiDeps } from '../lookup-api/api-deps';
import { logSealRefusal } from '../lookup-api/seal-refusal-log';

/** What the webhook endpoint runs with: the lookup's ports and the check of the path credential. */
export interface WebhookDeps extends ApiDeps {
  readonly credentials: WebhookCredentialCheck;
}

/**
 * The webhook endpoint's dependencies from its environment, once per cold start: the verdict table
 * (read only, quick to give up, as the lookup API), the configuration, the seal keys from KMS and the
 * credential secret, all through compact clients over node:http (no SDK, as the lookup API).
 *
 * @throws InvalidInputError naming each variable that is missing or invalid
 */
export function webhookDepsFromEnv(env: NodeJS.ProcessEnv = process.env): WebhookDeps {
  const { config, tableName, timeoutMs, credentialSecretId, sealKeyIds } = functionEnvironment(
    'admission-webhook',
    env,
  );
  const db = new HttpDynamoDb({ ...awsServiceSettings('DYNAMODB'), requestTimeoutMs: timeoutMs });
  const secrets = new HttpSecretsManager({
    ...awsServiceSettings('SECRETS_MANAGER'),
    requestTimeoutMs: 2000,
  });
  return {
    store: new HttpVerdictReader({
      db,
      tableName,
      onRefusedItem: logRefusedItem,
      onDroppedSeal: logDroppedSeal,
    }),
    publicKeys: new HttpPublicKeyReader(db, tableName),
    sealKeys: lookupSealKeys(sealKeyIds, timeoutMs),
    onSealRefused: logSealRefusal,
    config,
    now: () => new Date(),
    timeoutMs,
    credentials: new WebhookCredentialCheck({
      source: new SecretsManagerCredentialSource({ client: secrets, secretId: credentialSecretId }),
    }),
  };
}
