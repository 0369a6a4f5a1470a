import { HttpBreakGlassLog } from '../adapters/dynamodb/http-break-glass-log';
import { HttpDynamoDb } from '../adapters/dynamodb/http-dynamodb';
import { HttpPublicKeyReader } from '../adapters/dynamodb/http-public-key-reader';
import { HttpVerdictReader } from '../adapters/dynamodb/http-verdict-reader';
import { KmsSealKeys } from '../adapters/kms/kms-seal-keys';
import type { AdmissionDeps } from '../core/admission/admission-deps';
import { cachedSealKeys } from '../core/lookup/cached-seal-keys';
import type { AuthOptions } from '../http/caller';
import { awsServiceSettings } from '../runtime/aws-service-settings';
import { functionEnvironment } from '../runtime/environment';
import { logDroppedSeal, logRefusedItem } from '../runtime/refused-item-log';
import { logSealRefusal } from './seal-refusal-log';

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
 * the accepted client certificate subjects, where break-glass uses are recorded, and the KMS keys whose
 * seals it trusts (read once per container). No SDK client: compact clients over node:http (README, "The
 * lookup's bundle"), which give up quickly: a slow store must turn into a denial within the timeout,
 * not into a webhook timeout.
 *
 * @throws InvalidInputError naming each variable that is missing or invalid
 */
export function apiDepsFromEnv(env: NodeJS.ProcessEnv = process.env): ApiDeps {
  const { config, tableName, timeoutMs, allowedClientSubjects, sealKeyIds } = functionEnvironment(
    'lookup-api',
    env,
  );
  const db = new HttpDynamoDb({ ...awsServiceSettings('DYNAMODB'), requestTimeoutMs: timeoutMs });
  return {
    store: new HttpVerdictReader({
      db,
      tableName,
      onRefusedItem: logRefusedItem,
      onDroppedSeal: logDroppedSeal,
    }),
    publicKeys: new HttpPublicKeyReader(db, tableName),
    breakGlass: new HttpBreakGlassLog(db, tableName),
    sealKeys: lookupSealKeys(sealKeyIds, timeoutMs),
    onSealRefused: logSealRefusal,
    config,
    now: () => new Date(),
    timeoutMs,
    auth: { allowedClientSubjects },
  };
}

/** The deployment's seal keys from KMS, once per container (a failure is asked again next time). */
export function lookupSealKeys(keyIds: readonly string[], timeoutMs: number) {
  return cachedSealKeys(
    new KmsSealKeys({ keyIds, ...awsServiceSettings('KMS'), requestTimeoutMs: timeoutMs }),
  );
}
