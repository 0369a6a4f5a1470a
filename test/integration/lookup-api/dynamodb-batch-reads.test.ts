import { randomBytes } from 'node:crypto';
import { DynamoDbCallCounter } from '../../../functions/adapters/dynamodb/call-counter';
import { createVerdictTable } from '../../../functions/adapters/dynamodb/create-verdict-table';
import { DynamoDbPublicKeyStore } from '../../../functions/adapters/dynamodb/dynamodb-public-key-store';
import { DynamoDbVerdictStore } from '../../../functions/adapters/dynamodb/dynamodb-verdict-store';
import { recordVerdict } from '../../../functions/core/verdict/record-verdict';
import { InvalidInputError, ThrottledError, UpstreamError } from '../../../functions/core/errors';
import type { VerdictKey } from '../../../functions/core/verdict/verdict';
import { observed, passed } from '../../unit/core/verdict/verdict-events';
import { dynamoClient } from './api-fixture';
import { LOCAL_KEY_PEM } from './test-keys';

const TABLE = `batch-reads-${process.pid}-${Date.now()}`;
const client = dynamoClient();

function newKey(): VerdictKey {
  return {
    registry: '127.0.0.1:5000',
    repository: 'team/app',
    digest: `sha256:${randomBytes(32).toString('hex')}`,
  };
}

/** Makes BatchGetItem leave `n` keys unprocessed on each of the next `times` calls of `target`. */
function leaveUnprocessed(times: number) {
  const target = dynamoClient();
  let left = times;
  target.middlewareStack.add(
    (next) => async (args) => {
      const out = await next(args);
      const input = args.input as { RequestItems?: Record<string, { Keys: unknown[] }> };
      const output = out.output as { Responses?: Record<string, unknown[]>; UnprocessedKeys?: unknown };
      if (input.RequestItems !== undefined && left > 0 && output.Responses?.[TABLE]) {
        left--;
        const keys = input.RequestItems[TABLE]?.Keys ?? [];
        const kept = keys.slice(0, 1);
        const pks = new Set(kept.map((k) => JSON.stringify(k)));
        output.Responses[TABLE] = output.Responses[TABLE].filter(
          (item) =>
            !pks.has(JSON.stringify({ pk: (item as { pk: unknown }).pk, sk: (item as { sk: unknown }).sk })),
        );
        output.UnprocessedKeys = { [TABLE]: { Keys: kept } };
      }
      return out;
    },
    { step: 'initialize', name: 'leaveUnprocessed' },
  );
  return target;
}

beforeAll(async () => {
  await createVerdictTable(client, TABLE);
});

describe('DynamoDbVerdictStore.getMany', () => {
  it('reads 250 images in three BatchGetItem calls of at most 100, in the order asked', async () => {
    const writer = new DynamoDbVerdictStore({ client, tableName: TABLE });
    const keys = Array.from({ length: 250 }, newKey);
    for (const key of keys.filter((_, i) => i % 50 === 0)) {
      await recordVerdict(writer, key, observed('p', 0));
      await recordVerdict(writer, key, passed('e', 10));
    }
    const calls = new DynamoDbCallCounter();
    const store = new DynamoDbVerdictStore({ client, tableName: TABLE, onCall: calls.listener });

    const verdicts = await store.getMany(keys);

    expect(verdicts).toHaveLength(250);
    expect(verdicts.map((v, i) => (v === undefined ? undefined : [i, v.status]))).toEqual(
      keys.map((_, i) => (i % 50 === 0 ? [i, 'VERIFIED'] : undefined)),
    );
    expect(calls.snapshot()).toEqual({ 'BatchGetItem ok': 3 });
    expect(calls.writes).toBe(0);
  });

  it('reads a key named twice once', async () => {
    const key = newKey();
    const calls = new DynamoDbCallCounter();
    const store = new DynamoDbVerdictStore({ client, tableName: TABLE, onCall: calls.listener });
    await recordVerdict(new DynamoDbVerdictStore({ client, tableName: TABLE }), key, observed('p', 0));

    const verdicts = await store.getMany([key, key]);

    expect(verdicts.map((v) => v?.status)).toEqual(['PENDING', 'PENDING']);
    expect(calls.history()).toEqual([expect.objectContaining({ operation: 'BatchGetItem', items: 1 })]);
  });

  it('asks again for the keys DynamoDB left unprocessed, and only those', async () => {
    const [a, b] = [newKey(), newKey()];
    const writer = new DynamoDbVerdictStore({ client, tableName: TABLE });
    await recordVerdict(writer, a, observed('p', 0));
    await recordVerdict(writer, b, observed('p', 0));
    const calls = new DynamoDbCallCounter();
    const store = new DynamoDbVerdictStore({
      client: leaveUnprocessed(2),
      tableName: TABLE,
      onCall: calls.listener,
    });

    const verdicts = await store.getMany([a, b]);

    expect(verdicts.map((v) => v?.digest)).toEqual([a.digest, b.digest]);
    expect(calls.history().map((c) => c.items)).toEqual([1, 0, 1]);
  });

  it('gives up with a ThrottledError when keys stay unprocessed', async () => {
    const store = new DynamoDbVerdictStore({
      client: leaveUnprocessed(10),
      tableName: TABLE,
      maxBatchAttempts: 3,
    });

    await expect(store.getMany([newKey()])).rejects.toThrow(ThrottledError);
  });

  it('refuses a key that does not name an image by digest, before any call', async () => {
    const calls = new DynamoDbCallCounter();
    const store = new DynamoDbVerdictStore({ client, tableName: TABLE, onCall: calls.listener });

    await expect(store.getMany([{ ...newKey(), digest: 'latest' }])).rejects.toThrow(InvalidInputError);
    expect(calls.history()).toEqual([]);
  });

  it('reports a missing table as an UpstreamError', async () => {
    const store = new DynamoDbVerdictStore({ client, tableName: 'no-such-table' });

    await expect(store.getMany([newKey()])).rejects.toThrow(UpstreamError);
  });
});

describe('DynamoDbPublicKeyStore', () => {
  it('holds one key: the last one published', async () => {
    const store = new DynamoDbPublicKeyStore({ client, tableName: TABLE });

    await store.put('key-1', LOCAL_KEY_PEM);
    await store.put('key-2', LOCAL_KEY_PEM);

    expect(await store.get()).toEqual({ keyId: 'key-2', pem: LOCAL_KEY_PEM });
  });

  it('refuses what is not a PEM public key, and an empty key id', async () => {
    const store = new DynamoDbPublicKeyStore({ client, tableName: TABLE });

    await expect(store.put('key', 'not a key')).rejects.toThrow(InvalidInputError);
    await expect(store.put('', LOCAL_KEY_PEM)).rejects.toThrow(InvalidInputError);
  });

  it('keeps its item out of the byStatus index the reconciler lists', async () => {
    const store = new DynamoDbPublicKeyStore({ client, tableName: TABLE });
    await store.put('key-3', LOCAL_KEY_PEM);

    const listed = await new DynamoDbVerdictStore({ client, tableName: TABLE }).listByStatus('VERIFIED');

    expect(listed.every((v) => v.digest.startsWith('sha256:'))).toBe(true);
  });
});
