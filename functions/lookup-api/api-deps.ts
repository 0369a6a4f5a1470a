import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDbBreakGlassLog } from '../adapters/dynamodb/dynamodb-break-glass-log';
import { DynamoDbPublicKeyStore } from '../adapters/dynamodb/dynamodb-public-key-store';
import { DynamoDbVerdictStore } from '../adapters/dynamodb/dynamodb-verdict-store';
import type { AdmissionDeps } from '../core/admission/admission-deps';
import { functionEnvironment } from '../runtime/environment';
import { tracer } from '../runtime/observability';
import type { AuthOptions } from '../http/caller';
import { logRefusedItem } from '../runtime/refused-item-log';

/**
 * What the API handler runs with: the lookup's ports, the break-glass log (the API's one write) and
 * how callers are authenticated.
 */
export interface ApiDeps extends AdmissionDeps {
  readonly auth?: AuthOptions;
}

/**
 * The API's dependencies from its environment (environment.ts), built once per cold start: the verdict
 * table (read only), the runtime configuration (allowlist and admission modes), the lookup budget and
 * the accepted client certificate subjects, and where break-glass uses are recorded. The DynamoDB client gives up quickly: a slow store must turn
 * into a denial within the timeout, not into a webhook timeout.
 *
 * @throws InvalidInputError naming each variable that is missing or invalid
 */
export function apiDepsFromEnv(env: NodeJS.ProcessEnv = process.env): ApiDeps {
  const { config, tableName, timeoutMs, allowedClientSubjects } = functionEnvironment('lookup-api', env);
  const client = tracer.captureAWSv3Client(
    new DynamoDBClient({
      maxAttempts: 2,
      requestHandler: { connectionTimeout: Math.min(300, timeoutMs), requestTimeout: timeoutMs },
    }),
  );
  return {
    store: new DynamoDbVerdictStore({ client, tableName, onRefusedItem: logRefusedItem }),
    publicKeys: new DynamoDbPublicKeyStore({ client, tableName }),
    breakGlass: new DynamoDbBreakGlassLog({ client, tableName }),
    config,
    now: () => new Date(),
    timeoutMs,
    auth: { allowedClientSubjects },
  };
}
