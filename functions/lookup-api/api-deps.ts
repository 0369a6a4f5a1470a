import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDbPublicKeyStore } from '../adapters/dynamodb/dynamodb-public-key-store';
import { DynamoDbVerdictStore } from '../adapters/dynamodb/dynamodb-verdict-store';
import { runtimeConfigFromEnv } from '../core/config/parse-runtime-config';
import { InvalidInputError } from '../core/errors';
import type { LookupDeps } from '../core/lookup/lookup-deps';
import { tracer } from '../runtime/observability';
import type { AuthOptions } from '../http/caller';

/** What the API handler runs with: the lookup's ports and how callers are authenticated. */
export interface ApiDeps extends LookupDeps {
  readonly auth?: AuthOptions;
}

/** The default lookup budget: well inside Gatekeeper's provider timeout (2 s) and the webhook's (5 s). */
export const DEFAULT_TIMEOUT_MS = 1000;

/**
 * The API's dependencies from its environment, built once per cold start: `TABLE_NAME` (the verdict
 * table, read only), `IMAGE_TRUST_CONFIG` (allowlist and admission modes), optional
 * `LOOKUP_TIMEOUT_MS` and `MTLS_ALLOWED_SUBJECTS` (a JSON array of subject DNs: a DN holds commas).
 * The DynamoDB client gives up quickly: a slow store must turn into a denial within the timeout, not
 * into a webhook timeout.
 */
export function apiDepsFromEnv(env: NodeJS.ProcessEnv = process.env): ApiDeps {
  const tableName = env.TABLE_NAME;
  if (!tableName) throw new InvalidInputError('environment variable TABLE_NAME is not set');
  const timeoutMs = Number(env.LOOKUP_TIMEOUT_MS ?? DEFAULT_TIMEOUT_MS);
  if (!Number.isInteger(timeoutMs) || timeoutMs < 50 || timeoutMs > 10_000) {
    throw new InvalidInputError(
      `LOOKUP_TIMEOUT_MS must be an integer from 50 to 10000, got ${env.LOOKUP_TIMEOUT_MS}`,
    );
  }
  const client = tracer.captureAWSv3Client(
    new DynamoDBClient({
      maxAttempts: 2,
      requestHandler: { connectionTimeout: Math.min(300, timeoutMs), requestTimeout: timeoutMs },
    }),
  );
  const subjects = allowedSubjects(env.MTLS_ALLOWED_SUBJECTS);

  return {
    store: new DynamoDbVerdictStore({ client, tableName }),
    publicKeys: new DynamoDbPublicKeyStore({ client, tableName }),
    config: runtimeConfigFromEnv(env),
    now: () => new Date(),
    timeoutMs,
    auth: subjects && subjects.length > 0 ? { allowedClientSubjects: subjects } : {},
  };
}

/** `MTLS_ALLOWED_SUBJECTS`: a JSON array of subject DNs, e.g. `["CN=gatekeeper,O=platform"]`. */
function allowedSubjects(text: string | undefined): string[] | undefined {
  if (text === undefined || text.trim() === '') return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (cause) {
    throw new InvalidInputError('MTLS_ALLOWED_SUBJECTS must be a JSON array of subject DNs', { cause });
  }
  if (!Array.isArray(parsed) || !parsed.every((s): s is string => typeof s === 'string' && s !== '')) {
    throw new InvalidInputError('MTLS_ALLOWED_SUBJECTS must be a JSON array of non-empty subject DNs');
  }
  return parsed;
}
