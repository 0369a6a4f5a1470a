import {
  ConditionalCheckFailedException,
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  type DynamoDBClient,
  InternalServerError,
  ProvisionedThroughputExceededException,
  RequestLimitExceeded,
  ThrottlingException,
  TransactionCanceledException,
  TransactionConflictException,
} from '@aws-sdk/client-dynamodb';
import { DynamoDbCallCounter } from '../../../../functions/adapters/dynamodb/call-counter';
import { createVerdictTable } from '../../../../functions/adapters/dynamodb/create-verdict-table';
import { translateDynamoDbError } from '../../../../functions/adapters/dynamodb/dynamodb-errors';
import { VERDICT_TABLE } from '../../../../functions/adapters/dynamodb/verdict-table';
import {
  ConflictError,
  InvalidInputError,
  ThrottledError,
  UpstreamError,
} from '../../../../functions/core/errors';
import { recordVerdict } from '../../../../functions/core/verdict/record-verdict';
import { freePort } from '../../../../bin/local/services/free-port';
import { deleted, failed, observed } from '../../../unit/core/verdict/verdict-events';
import { interceptTransactions, newKey, verdictTableFixture } from './verdict-table-fixture';

const { table: TABLE, client, newClient, store } = verdictTableFixture();

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
    const indexes = [...(Table?.GlobalSecondaryIndexes ?? [])].sort((a, b) =>
      String(a.IndexName).localeCompare(String(b.IndexName)),
    );
    expect(indexes).toMatchObject([
      {
        IndexName: VERDICT_TABLE.reviewIndex.indexName,
        KeySchema: [
          { AttributeName: 'gsi2pk', KeyType: 'HASH' },
          { AttributeName: 'gsi2sk', KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'ALL' },
      },
      {
        IndexName: VERDICT_TABLE.statusIndex.indexName,
        KeySchema: [
          { AttributeName: 'gsi1pk', KeyType: 'HASH' },
          { AttributeName: 'gsi1sk', KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'ALL' },
      },
    ]);
    const ttl = await client.send(new DescribeTimeToLiveCommand({ TableName: TABLE }));
    expect(ttl.TimeToLiveDescription).toMatchObject({ AttributeName: 'ttl', TimeToLiveStatus: 'ENABLED' });
  });
});

describe('listByStatus (byStatus GSI)', () => {
  it('lists one status, least recently changed first, before a time, up to a limit', async () => {
    // Prepare: a clock in 2001, far before every other test's items in this table.
    let now = Date.parse('2001-01-01T00:00:00.000Z');
    const s = store();
    const clock = { now: () => new Date((now += 1000)) };
    // Events from 1999, before that clock: events dated in its future would be refused.
    const past = -800_000_000;
    const pending = [newKey(), newKey(), newKey()];
    for (const key of pending) await recordVerdict(s, key, observed('o1', past), clock);
    const moved = newKey();
    await recordVerdict(s, moved, observed('o1', past), clock);
    await recordVerdict(s, moved, failed('e1', past + 1), clock);
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
    const error: unknown = await recordVerdict(s, newKey(), observed('o1', 1)).catch((e: unknown) => e);
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
    const applying = recordVerdict(store({ client: ours }), newKey(), observed('o1', 1));
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
    await recordVerdict(store(), key, observed('o1', 1));
    await recordVerdict(store(), key, deleted('d1', 2));
    await recordVerdict(store(), key, observed('o0', 0));
    expect((await store().get(key))?.status).toBe('DELETED');
  });
});
