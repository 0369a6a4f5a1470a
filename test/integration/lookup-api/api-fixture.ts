import { DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import type { ApiDeps } from '../../../functions/lookup-api/api-deps';
import { createApiHandler, type ApiHandler } from '../../../functions/lookup-api/handler';
import { DynamoDbCallCounter } from '../../../functions/adapters/dynamodb/call-counter';
import { createVerdictTable } from '../../../functions/adapters/dynamodb/create-verdict-table';
import { DynamoDbPublicKeyStore } from '../../../functions/adapters/dynamodb/dynamodb-public-key-store';
import { DynamoDbVerdictStore } from '../../../functions/adapters/dynamodb/dynamodb-verdict-store';
import { recordVerdict } from '../../../functions/core/verdict/record-verdict';
import type { RuntimeConfig } from '../../../functions/core/config/runtime-config';
import type { Verdict, VerdictKey } from '../../../functions/core/verdict/verdict';
import type { VerdictEvent } from '../../../functions/core/verdict/verdict-event';
import { sharedDynamoDbEndpoint } from '../../harness/services';
import { putVerdictItem, sealRecorded } from '../../support/sealed-records';
import { testSealKeys, type SealedVerdict } from '../../support/test-seals';
import { testConfig } from '../../unit/core/lookup/lookup-fixtures';
import { apiEvent, lambdaContext, type EventOptions } from '../http/api-events';

/** A response as a test reads it. */
export interface TestResponse {
  readonly statusCode: number;
  readonly headers: Record<string, string>;
  readonly body: string;
  json<T = unknown>(): T;
}

export interface ApiFixture {
  readonly tableName: string;
  /** Writes verdicts the way the pipeline does (not counted). */
  readonly writer: DynamoDbVerdictStore;
  readonly keyWriter: DynamoDbPublicKeyStore;
  /** Every DynamoDB call the API made. */
  readonly calls: DynamoDbCallCounter;
  readonly deps: ApiDeps;
  /**
   * Records a verdict through recordVerdict on a DynamoDbVerdictStore, one event at a time, and seals
   * it as the signer does when it is VERIFIED (sealedForTest: the lookup trusts TEST_SEAL_KEY).
   */
  record(key: VerdictKey, ...events: VerdictEvent[]): Promise<Verdict>;
  /** Writes `verdict` as its item exactly as given, sealed or not: a direct edit of the table. */
  putItem(verdict: SealedVerdict): Promise<void>;
  /** Calls the real handler (middy, Powertools) with an API Gateway event. */
  call(options: EventOptions, deps?: Partial<ApiDeps>): Promise<TestResponse>;
  /** How many items the table holds (to prove the API wrote nothing). */
  itemCount(): Promise<number>;
}

/** A DynamoDB client for DynamoDB Local (or any endpoint, e.g. a dead one). */
export function dynamoClient(endpoint = sharedDynamoDbEndpoint(), maxAttempts = 3): DynamoDBClient {
  return new DynamoDBClient({
    endpoint,
    region: 'us-east-1',
    maxAttempts,
    credentials: { accessKeyId: 'AKIDTESTIMAGETRUST', secretAccessKey: 'test-secret' },
  });
}

/** A fresh verdict table and the API handler on it, as the Lambda function would run. */
/** The client certificate subject of Gatekeeper's provider calls in the tests. */
export const GATEKEEPER_SUBJECT = 'CN=gatekeeper-webhook-service.gatekeeper-system.svc';

export async function startApiFixture(
  name: string,
  options: { config?: RuntimeConfig; timeoutMs?: number } = {},
): Promise<ApiFixture> {
  const client = dynamoClient();
  const tableName = `api-${name}-${process.pid}-${Date.now()}`;
  await createVerdictTable(client, tableName);
  const calls = new DynamoDbCallCounter();
  const deps: ApiDeps = {
    store: new DynamoDbVerdictStore({ client, tableName, onCall: calls.listener }),
    publicKeys: new DynamoDbPublicKeyStore({ client, tableName, onCall: calls.listener }),
    config: options.config ?? testConfig(),
    now: () => new Date(),
    timeoutMs: options.timeoutMs ?? 2000,
    sealKeys: testSealKeys(),
    // The cluster caller the tests present; no other certificate is accepted (none would refuse all).
    auth: { allowedClientSubjects: [GATEKEEPER_SUBJECT] },
  };
  const writer = new DynamoDbVerdictStore({ client, tableName });
  const handlers = new Map<string, ApiHandler>();
  const putItem = (verdict: SealedVerdict) => putVerdictItem(writer, verdict);
  return {
    tableName,
    writer,
    keyWriter: new DynamoDbPublicKeyStore({ client, tableName }),
    calls,
    deps,
    async record(key, ...events) {
      let verdict: Verdict | undefined;
      for (const event of events) verdict = (await recordVerdict(writer, key, event)).verdict;
      if (verdict === undefined) throw new Error('record needs at least one event');
      return sealRecorded(writer, verdict);
    },
    putItem,
    async call(eventOptions, overrides) {
      const merged = overrides === undefined ? deps : { ...deps, ...overrides };
      const id = overrides === undefined ? 'default' : `${Math.random()}`;
      let handler = handlers.get(id);
      if (handler === undefined) handlers.set(id, (handler = createApiHandler(merged)));
      const result = await handler(apiEvent(eventOptions), lambdaContext);
      return { ...result, json: <T>() => JSON.parse(result.body) as T };
    },
    async itemCount() {
      const out = await client.send(
        new ScanCommand({ TableName: tableName, Select: 'COUNT', ConsistentRead: true }),
      );
      return out.Count ?? 0;
    },
  };
}
