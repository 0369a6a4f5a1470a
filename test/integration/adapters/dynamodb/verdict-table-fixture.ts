import { randomBytes } from 'node:crypto';
import { DeleteTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { createVerdictTable } from '../../../../functions/adapters/dynamodb/create-verdict-table';
import {
  DynamoDbVerdictStore,
  type DynamoDbVerdictStoreOptions,
} from '../../../../functions/adapters/dynamodb/dynamodb-verdict-store';
import type { VerdictKey } from '../../../../functions/core/verdict/verdict';
import { sharedDynamoDbEndpoint } from '../../../harness/services';

/**
 * A verdict table of its own on the shared DynamoDB Local for one test file: created before its tests,
 * deleted (with every client made here destroyed) after them.
 */
export function verdictTableFixture() {
  const table = `verdicts-${process.pid}-${Date.now()}-${randomBytes(3).toString('hex')}`;
  const clients: DynamoDBClient[] = [];

  function newClient(endpoint = sharedDynamoDbEndpoint()): DynamoDBClient {
    const created = new DynamoDBClient({
      endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'AKIDTESTIMAGETRUST', secretAccessKey: 'test-secret' },
    });
    clients.push(created);
    return created;
  }

  const client = newClient();

  function store(options: Partial<DynamoDbVerdictStoreOptions> = {}): DynamoDbVerdictStore {
    return new DynamoDbVerdictStore({ client, tableName: table, ...options });
  }

  beforeAll(async () => {
    await createVerdictTable(client, table);
  });

  afterAll(async () => {
    await client.send(new DeleteTableCommand({ TableName: table }));
    for (const c of clients) c.destroy();
  });

  return { table, client, newClient, store };
}

/** A fresh image per test, so tests sharing the table never see each other's items. */
export function newKey(): VerdictKey {
  return {
    registry: '127.0.0.1:5000',
    repository: 'team/app',
    digest: `sha256:${randomBytes(32).toString('hex')}`,
  };
}

/** Runs `hook` before every TransactWriteItems that `target` sends, while `hook` is set. */
export function interceptTransactions(target: DynamoDBClient): { hook?: () => Promise<void> } {
  const control: { hook?: () => Promise<void> } = {};
  target.middlewareStack.add(
    (next) => async (args) => {
      const input = args.input as { TransactItems?: unknown };
      if (input.TransactItems !== undefined && control.hook) await control.hook();
      return next(args);
    },
    { step: 'initialize', name: 'interceptTransactions' },
  );
  return control;
}
