import { DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import { createVerdictTable } from '../../../functions/adapters/dynamodb/create-verdict-table';
import { DynamoDbVerdictStore } from '../../../functions/adapters/dynamodb/dynamodb-verdict-store';
import type { AdminApiDeps } from '../../../functions/admin-api/admin-deps';
import { createAdminHandler } from '../../../functions/admin-api/handler';
import type { ApiResult } from '../../../functions/http/api-event';
import type { PipelineEvent } from '../../../functions/core/events/pipeline-event';
import type { Verdict, VerdictKey } from '../../../functions/core/verdict/verdict';
import type { VerdictEvent } from '../../../functions/core/verdict/verdict-event';
import { sharedDynamoDbEndpoint } from '../../harness/services';
import { apiEvent, lambdaContext, type EventOptions } from '../http/api-events';
import { recordEvents } from '../../unit/core/verdict/verdict-events';

/** The admin handler on a fresh verdict table in DynamoDB Local; hand-offs to the signer are collected. */
export interface AdminFixture {
  readonly tableName: string;
  readonly store: DynamoDbVerdictStore;
  readonly deps: AdminApiDeps;
  readonly handedOff: PipelineEvent[];
  record(key: VerdictKey, ...events: VerdictEvent[]): Promise<Verdict>;
  /** Calls the real handler (middy, Powertools) with an API Gateway event. */
  call(options: EventOptions): Promise<ApiResult & { json<T = unknown>(): T }>;
  itemCount(): Promise<number>;
}

/** A DynamoDB client for DynamoDB Local. */
export function localDynamoClient(): DynamoDBClient {
  return new DynamoDBClient({
    endpoint: sharedDynamoDbEndpoint(),
    region: 'us-east-1',
    credentials: { accessKeyId: 'AKIDTESTIMAGETRUST', secretAccessKey: 'test-secret' },
  });
}

export async function startAdminFixture(
  name: string,
  auth: AdminApiDeps['auth'] = {},
): Promise<AdminFixture> {
  const client = localDynamoClient();
  const tableName = `admin-${name}-${process.pid}-${Date.now()}`;
  await createVerdictTable(client, tableName);
  const store = new DynamoDbVerdictStore({ client, tableName });
  const handedOff: PipelineEvent[] = [];
  const deps: AdminApiDeps = {
    store,
    handOff: (event) => {
      handedOff.push(event);
      return Promise.resolve();
    },
    now: () => new Date(),
    auth,
  };
  const handler = createAdminHandler(deps);
  return {
    tableName,
    store,
    deps,
    handedOff,
    record: (key, ...events) => recordEvents(store, key, ...events),
    async call(options) {
      const result = (await handler(apiEvent(options), lambdaContext)) as ApiResult;
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

/** The registry, images and caller the admin tests speak of. */
export const REGISTRY = '123456789012.dkr.ecr.us-east-1.amazonaws.com';
export const IAM_CALLER = 'arn:aws:iam::123456789012:role/ci';
export const key = (hex: string): VerdictKey => ({
  registry: REGISTRY,
  repository: 'team/app',
  digest: `sha256:${hex.repeat(64)}`,
});
export const ref = (k: VerdictKey): string => `${k.registry}/${k.repository}@${k.digest}`;
