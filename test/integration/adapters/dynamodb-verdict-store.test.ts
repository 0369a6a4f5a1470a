import { randomBytes } from 'node:crypto';
import {
  ConditionalCheckFailedException,
  DeleteTableCommand,
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  DynamoDBClient,
  GetItemCommand,
  InternalServerError,
  ProvisionedThroughputExceededException,
  PutItemCommand,
  RequestLimitExceeded,
  ThrottlingException,
  TransactionCanceledException,
  TransactionConflictException,
} from '@aws-sdk/client-dynamodb';
import { DynamoDbCallCounter } from '../../../functions/adapters/dynamodb/call-counter';
import { createVerdictTable } from '../../../functions/adapters/dynamodb/create-verdict-table';
import { translateDynamoDbError } from '../../../functions/adapters/dynamodb/dynamodb-errors';
import {
  DynamoDbVerdictStore,
  type DynamoDbVerdictStoreOptions,
} from '../../../functions/adapters/dynamodb/dynamodb-verdict-store';
import { verdictKey, VERDICT_TABLE } from '../../../functions/adapters/dynamodb/verdict-table';
import {
  ConflictError,
  InvalidInputError,
  ThrottledError,
  UpstreamError,
} from '../../../functions/core/errors';
import { compareEvents } from '../../../functions/core/verdict/event-order';
import { nextVerdict } from '../../../functions/core/verdict/state-machine';
import type { Verdict, VerdictKey } from '../../../functions/core/verdict/verdict';
import type { VerdictEvent } from '../../../functions/core/verdict/verdict-event';
import { freePort } from '../../../bin/local/services/free-port';
import { sharedDynamoDbEndpoint } from '../../harness/services';
import { deleted, failed, observed, passed, revoked } from '../../unit/core/verdict/verdict-events';

const TABLE = `verdicts-${process.pid}-${Date.now()}`;
const clients: DynamoDBClient[] = [];

function newClient(endpoint = sharedDynamoDbEndpoint()): DynamoDBClient {
  const client = new DynamoDBClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'AKIDTESTIMAGETRUST', secretAccessKey: 'test-secret' },
  });
  clients.push(client);
  return client;
}

const client = newClient();

function store(options: Partial<DynamoDbVerdictStoreOptions> = {}): DynamoDbVerdictStore {
  return new DynamoDbVerdictStore({ client, tableName: TABLE, ...options });
}

/** A fresh image per test, so tests sharing the table never see each other's items. */
function newKey(): VerdictKey {
  return {
    registry: '127.0.0.1:5000',
    repository: 'team/app',
    digest: `sha256:${randomBytes(32).toString('hex')}`,
  };
}

/** Runs `hook` before every TransactWriteItems that `target` sends, while `hook` is set. */
function interceptTransactions(target: DynamoDBClient): { hook?: () => Promise<void> } {
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

/** A client whose every call fails with `error` before it is sent. */
function failingClient(error: Error): DynamoDBClient {
  const failing = newClient();
  failing.middlewareStack.add(
    () => () => {
      throw error;
    },
    { step: 'initialize', name: 'fail' },
  );
  return failing;
}

beforeAll(async () => {
  await createVerdictTable(client, TABLE);
});

afterAll(async () => {
  await client.send(new DeleteTableCommand({ TableName: TABLE }));
  for (const c of clients) c.destroy();
});

describe('createVerdictTable', () => {
  it('creates the schema VERDICT_TABLE describes, with TTL on, and can run again', async () => {
    // Act
    await createVerdictTable(client, TABLE);
    // Assess
    const { Table } = await client.send(new DescribeTableCommand({ TableName: TABLE }));
    expect(Table?.KeySchema).toEqual([
      { AttributeName: 'pk', KeyType: 'HASH' },
      { AttributeName: 'sk', KeyType: 'RANGE' },
    ]);
    expect(Table?.GlobalSecondaryIndexes?.[0]).toMatchObject({
      IndexName: VERDICT_TABLE.statusIndex.indexName,
      KeySchema: [
        { AttributeName: 'gsi1pk', KeyType: 'HASH' },
        { AttributeName: 'gsi1sk', KeyType: 'RANGE' },
      ],
      Projection: { ProjectionType: 'ALL' },
    });
    const ttl = await client.send(new DescribeTimeToLiveCommand({ TableName: TABLE }));
    expect(ttl.TimeToLiveDescription).toMatchObject({ AttributeName: 'ttl', TimeToLiveStatus: 'ENABLED' });
  });
});

describe('apply and get', () => {
  it('returns undefined for an image never recorded', async () => {
    await expect(store().get(newKey())).resolves.toBeUndefined();
  });

  it('round-trips a verdict, readable in ONE GetItem at verdictKey(registry, repository, digest)', async () => {
    // Prepare
    const key = newKey();
    const counter = new DynamoDbCallCounter();
    const s = store({ onCall: counter.listener });
    // Act
    const first = await s.apply(key, observed('o1', 1, ['v1']));
    const second = await s.apply(key, passed('e1', 2));
    // Assess
    expect(first).toMatchObject({ changed: true, verdict: { status: 'PENDING', version: 1, tags: ['v1'] } });
    expect(second).toMatchObject({ changed: true, verdict: { status: 'VERIFIED', version: 2 } });
    counter.reset();
    await expect(s.get(key)).resolves.toEqual(second.verdict);
    expect(counter.snapshot()).toEqual({ 'GetItem ok': 1 });
    const raw = await client.send(
      new GetItemCommand({
        TableName: TABLE,
        Key: {
          pk: { S: verdictKey(key.registry, key.repository, key.digest).pk },
          sk: { S: 'VERDICT' },
        },
      }),
    );
    expect(raw.Item?.pk?.S).toBe(`IMAGE#127.0.0.1:5000/team/app@${key.digest}`);
    expect(raw.Item?.status?.S).toBe('VERIFIED');
    expect(raw.Item?.gsi1pk?.S).toBe('STATUS#VERIFIED');
    expect(raw.Item?.gsi1sk?.S).toBe(second.verdict.updatedAt);
  });

  it('writes a history entry with each change, in the same transaction, and none for a duplicate', async () => {
    // Prepare
    const key = newKey();
    const counter = new DynamoDbCallCounter();
    const s = store({ onCall: counter.listener });
    // Act
    await s.apply(key, observed('o1', 1));
    await s.apply(key, passed('e1', 2));
    const last = await s.apply(key, revoked('r1', 3, 'CVE-2025-7777'));
    const duplicate = await s.apply(key, revoked('r1', 3, 'CVE-2025-7777'));
    // Assess
    expect(duplicate).toEqual({ changed: false, verdict: last.verdict });
    expect(counter.writes).toBe(3);
    expect(counter.itemsWritten).toBe(6);
    const history = await s.history(key);
    expect(history.map((h) => [h.version, h.previousStatus, h.status, h.event.id])).toEqual([
      [3, 'VERIFIED', 'REVOKED', 'r1'],
      [2, 'PENDING', 'VERIFIED', 'e1'],
      [1, undefined, 'PENDING', 'o1'],
    ]);
    expect(await s.history(key, 1)).toHaveLength(1);
  });

  it('keeps history for 400 days by default (ttl in epoch seconds)', async () => {
    const key = newKey();
    const now = new Date('2025-06-01T00:00:00.000Z');
    const { verdict } = await store({ now: () => now }).apply(key, observed('o1', 1));
    const raw = await client.send(
      new GetItemCommand({
        TableName: TABLE,
        Key: {
          pk: { S: `IMAGE#${key.registry}/${key.repository}@${key.digest}` },
          sk: { S: `HISTORY#${verdict.updatedAt}#0000000001` },
        },
      }),
    );
    expect(Number(raw.Item?.ttl?.N)).toBe(now.getTime() / 1000 + 400 * 86_400);
  });

  it('writes neither verdict nor history when the history entry cannot be written', async () => {
    // Prepare: an entry already sits where the first change's history entry would go.
    const key = newKey();
    const now = new Date('2025-06-02T00:00:00.000Z');
    await client.send(
      new PutItemCommand({
        TableName: TABLE,
        Item: {
          pk: { S: `IMAGE#${key.registry}/${key.repository}@${key.digest}` },
          sk: { S: `HISTORY#${now.toISOString()}#0000000001` },
        },
      }),
    );
    // Act
    const applying = store({ now: () => now, maxAttempts: 2 }).apply(key, observed('o1', 1));
    // Assess
    await expect(applying).rejects.toBeInstanceOf(ConflictError);
    await expect(store().get(key)).resolves.toBeUndefined();
  });
});

describe('concurrent apply', () => {
  it('20 workers applying the same event: one change, 19 no-ops, one history entry', async () => {
    // Prepare
    const key = newKey();
    const counter = new DynamoDbCallCounter();
    const workers = Array.from({ length: 20 }, () => store({ onCall: counter.listener, maxAttempts: 20 }));
    // Act
    const results = await Promise.all(workers.map((w) => w.apply(key, observed('o1', 1, ['v1']))));
    // Assess
    expect(results.filter((r) => r.changed)).toHaveLength(1);
    const verdict = await store().get(key);
    expect(verdict).toMatchObject({ status: 'PENDING', version: 1 });
    for (const r of results) expect(r.verdict).toEqual(verdict);
    expect(await store().history(key)).toHaveLength(1);
    expect(counter.writes).toBe(1);
  });

  it('conflicting events applied concurrently end as the ordering rule says, with a gap-free history', async () => {
    // Prepare: in event order PENDING, VERIFIED, REVOKED, VERIFIED; each delivered twice.
    const key = newKey();
    const events: VerdictEvent[] = [
      observed('o1', 1, ['v1']),
      passed('e1', 2),
      revoked('r1', 3),
      passed('e2', 4),
      observed('o2', 6, ['v2']),
      failed('e0', 0),
    ];
    const expected = [...events]
      .sort(compareEvents)
      .reduce<Verdict | undefined>(
        (v, e) => nextVerdict(v, e, { key, now: new Date().toISOString() }).verdict,
        undefined,
      );
    // Act
    const results = await Promise.all(
      [...events, ...events].map((e) => store({ maxAttempts: 30 }).apply(key, e)),
    );
    // Assess
    const verdict = await store().get(key);
    expect(verdict).toMatchObject({ status: 'VERIFIED', tags: ['v1', 'v2'], decidedAt: expected?.decidedAt });
    expect(verdict?.status).toBe(expected?.status);
    expect(verdict?.latestEvents).toEqual(expected?.latestEvents);
    const changes = results.filter((r) => r.changed).length;
    expect(verdict?.version).toBe(changes);
    const history = [...(await store().history(key, 100))].reverse();
    expect(history.map((h) => h.version)).toEqual(Array.from({ length: changes }, (_, i) => i + 1));
    history.forEach((h, i) => expect(h.previousStatus).toBe(i === 0 ? undefined : history[i - 1]?.status));
    expect(history.at(-1)?.status).toBe(verdict?.status);
  });

  it('reads again and retries when another writer changed the verdict first', async () => {
    // Prepare: just before our write, another worker (its own client) applies a revocation.
    const key = newKey();
    await store().apply(key, passed('e1', 1));
    const ours = newClient();
    const control = interceptTransactions(ours);
    const other = store({ client: newClient() });
    control.hook = async () => {
      control.hook = undefined;
      await other.apply(key, revoked('r1', 3));
    };
    const counter = new DynamoDbCallCounter();
    // Act
    const result = await store({ client: ours, onCall: counter.listener }).apply(
      key,
      observed('o1', 2, ['v7']),
    );
    // Assess
    expect(result.changed).toBe(true);
    expect(result.verdict).toMatchObject({ status: 'REVOKED', version: 3, tags: ['v7'] });
    expect(counter.snapshot()).toMatchObject({
      'TransactWriteItems condition-failed': 1,
      'TransactWriteItems ok': 1,
    });
  });

  it('gives up with ConflictError after maxAttempts lost races', async () => {
    const key = newKey();
    const ours = newClient();
    const control = interceptTransactions(ours);
    const other = store({ client: newClient() });
    let n = 0;
    control.hook = async () => {
      n += 1;
      await other.apply(key, observed(`other-${n}`, 10 + n));
    };
    const applying = store({ client: ours, maxAttempts: 3 }).apply(key, passed('e1', 1));
    await expect(applying).rejects.toMatchObject({ code: 'CONFLICT', retryable: true });
    await expect(applying).rejects.toBeInstanceOf(ConflictError);
    expect(n).toBe(3);
    expect((await store().get(key))?.status).toBe('PENDING');
  });
});

describe('signing lease', () => {
  it('exactly one of 10 concurrent acquirers wins', async () => {
    const key = newKey();
    const owners = Array.from({ length: 10 }, (_, i) => `worker-${i}`);
    const won = await Promise.all(owners.map((o) => store().acquireSigningLease(key, o, 60_000)));
    expect(won.filter(Boolean)).toHaveLength(1);
  });

  it('lets the holder renew and release it, and nobody else', async () => {
    const key = newKey();
    const s = store();
    expect(await s.acquireSigningLease(key, 'a', 60_000)).toBe(true);
    expect(await s.acquireSigningLease(key, 'a', 60_000)).toBe(true);
    expect(await s.acquireSigningLease(key, 'b', 60_000)).toBe(false);
    expect(await s.releaseSigningLease(key, 'b')).toBe(false);
    expect(await s.releaseSigningLease(key, 'a')).toBe(true);
    expect(await s.releaseSigningLease(key, 'a')).toBe(false);
    expect(await s.acquireSigningLease(key, 'b', 60_000)).toBe(true);
  });

  it('can be taken over once it expired, not a millisecond before', async () => {
    const key = newKey();
    let now = Date.parse('2025-06-03T00:00:00.000Z');
    const s = store({ now: () => new Date(now) });
    expect(await s.acquireSigningLease(key, 'a', 1000)).toBe(true);
    now += 999;
    expect(await s.acquireSigningLease(key, 'b', 1000)).toBe(false);
    now += 1;
    expect(await s.acquireSigningLease(key, 'b', 1000)).toBe(true);
    expect(await s.releaseSigningLease(key, 'a')).toBe(false);
  });

  it('refuses a lease without an owner or duration', async () => {
    await expect(store().acquireSigningLease(newKey(), '', 1000)).rejects.toBeInstanceOf(InvalidInputError);
    await expect(store().acquireSigningLease(newKey(), 'a', 0)).rejects.toBeInstanceOf(InvalidInputError);
  });
});

describe('listByStatus (byStatus GSI)', () => {
  it('lists one status, least recently changed first, before a time, up to a limit', async () => {
    // Prepare: a clock in 2001, far before every other test's items in this table.
    let now = Date.parse('2001-01-01T00:00:00.000Z');
    const s = store({ now: () => new Date((now += 1000)) });
    const pending = [newKey(), newKey(), newKey()];
    for (const key of pending) await s.apply(key, observed('o1', 1));
    const moved = newKey();
    await s.apply(moved, observed('o1', 1));
    await s.apply(moved, failed('e1', 2));
    const cutoff = '2001-01-02T00:00:00.000Z';
    // Act
    const all = await s.listByStatus('PENDING', cutoff);
    const beforeThird = await s.listByStatus('PENDING', all[2]?.updatedAt);
    const firstTwo = await s.listByStatus('PENDING', cutoff, 2);
    const rejected = await s.listByStatus('REJECTED', cutoff);
    // Assess
    expect(all.map((v) => v.digest)).toEqual(pending.map((k) => k.digest));
    expect(beforeThird.map((v) => v.digest)).toEqual(pending.slice(0, 2).map((k) => k.digest));
    expect(firstTwo).toHaveLength(2);
    expect(rejected.map((v) => v.digest)).toEqual([moved.digest]);
  });
});

describe('error mapping', () => {
  it('a missing table is an UpstreamError that names the SDK error as cause', async () => {
    const s = store({ tableName: `missing-${Date.now()}` });
    const error: unknown = await s.get(newKey()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UpstreamError);
    expect(error).toMatchObject({ retryable: false, cause: { name: 'ResourceNotFoundException' } });
  });

  it('an unreachable endpoint is a retryable UpstreamError', async () => {
    const unreachable = newClient(`http://127.0.0.1:${await freePort()}`);
    const s = store({ client: unreachable });
    await expect(s.get(newKey())).rejects.toMatchObject({ code: 'UPSTREAM', retryable: true });
  });

  it.each([
    [
      'ProvisionedThroughputExceededException',
      new ProvisionedThroughputExceededException({ message: 'slow down', $metadata: {} }),
    ],
    ['ThrottlingException', new ThrottlingException({ message: 'slow down', $metadata: {} })],
    ['RequestLimitExceeded', new RequestLimitExceeded({ message: 'slow down', $metadata: {} })],
  ])('%s is a ThrottledError', async (_name, sdkError) => {
    const s = store({ client: failingClient(sdkError) });
    const error: unknown = await s.apply(newKey(), observed('o1', 1)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ThrottledError);
    expect(error).toMatchObject({ retryable: true, cause: sdkError });
  });

  it('a transaction cancelled for throttling is a ThrottledError, not a race to retry', async () => {
    const ours = newClient();
    const control = interceptTransactions(ours);
    let attempts = 0;
    control.hook = () => {
      attempts += 1;
      throw new TransactionCanceledException({
        message: 'Transaction cancelled',
        $metadata: {},
        CancellationReasons: [{ Code: 'None' }, { Code: 'ThrottlingError' }],
      });
    };
    const applying = store({ client: ours }).apply(newKey(), observed('o1', 1));
    await expect(applying).rejects.toBeInstanceOf(ThrottledError);
    expect(attempts).toBe(1);
  });

  it.each([
    ['ConditionalCheckFailedException', ConditionalCheckFailedException, ConflictError, false],
    ['TransactionConflictException', TransactionConflictException, ConflictError, false],
    ['InternalServerError', InternalServerError, UpstreamError, true],
  ] as const)('%s becomes %p (retryable: %p)', (_name, SdkError, Expected, retryable) => {
    const sdkError = new SdkError({ message: 'x', $metadata: { httpStatusCode: retryable ? 500 : 400 } });
    const error = translateDynamoDbError(sdkError, 'testing');
    expect(error).toBeInstanceOf(Expected);
    expect(error).toMatchObject({ retryable, cause: sdkError });
    expect(error.message).toMatch(/^testing: /);
  });

  it('refuses a key that does not name an image by digest before calling DynamoDB', async () => {
    const counter = new DynamoDbCallCounter();
    const s = store({ onCall: counter.listener });
    await expect(s.get({ ...newKey(), digest: 'latest' })).rejects.toBeInstanceOf(InvalidInputError);
    expect(counter.history()).toHaveLength(0);
  });

  it('deleting verdicts is not part of the store; a Deleted event keeps a DELETED tombstone', async () => {
    const key = newKey();
    await store().apply(key, observed('o1', 1));
    await store().apply(key, deleted('d1', 2));
    await store().apply(key, observed('o0', 0));
    expect((await store().get(key))?.status).toBe('DELETED');
  });
});
