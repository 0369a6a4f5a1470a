import { GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { DynamoDbCallCounter } from '../../../../functions/adapters/dynamodb/call-counter';
import { verdictKey } from '../../../../functions/adapters/dynamodb/verdict-table';
import { ConflictError } from '../../../../functions/core/errors';
import { compareEvents } from '../../../../functions/core/verdict/event-order';
import { recordVerdict } from '../../../../functions/core/verdict/record-verdict';
import { nextVerdict } from '../../../../functions/core/verdict/state-machine';
import type { Verdict } from '../../../../functions/core/verdict/verdict';
import type { VerdictEvent } from '../../../../functions/core/verdict/verdict-event';
import { failed, observed, passed, revoked } from '../../../unit/core/verdict/verdict-events';
import { interceptTransactions, newKey, verdictTableFixture } from './verdict-table-fixture';

// The core's write algorithm (recordVerdict) against the real DynamoDB adapter on DynamoDB Local.
const { table: TABLE, client, newClient, store } = verdictTableFixture();

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
    const first = await recordVerdict(s, key, observed('o1', 1, ['v1']));
    const second = await recordVerdict(s, key, passed('e1', 2));
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
    await recordVerdict(s, key, observed('o1', 1));
    await recordVerdict(s, key, passed('e1', 2));
    const last = await recordVerdict(s, key, revoked('r1', 3, 'CVE-2025-7777'));
    const duplicate = await recordVerdict(s, key, revoked('r1', 3, 'CVE-2025-7777'));
    // Assess
    expect(duplicate).toEqual({ changed: false, verdict: last.verdict, seals: 0, unsealed: false });
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
    const { verdict } = await recordVerdict(store(), key, observed('o1', 1), { now: () => now });
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
    const applying = recordVerdict(store(), key, observed('o1', 1), { now: () => now, maxAttempts: 2 });
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
    const workers = Array.from({ length: 20 }, () => store({ onCall: counter.listener }));
    // Act
    const results = await Promise.all(
      workers.map((w) => recordVerdict(w, key, observed('o1', 1, ['v1']), { maxAttempts: 20 })),
    );
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
      [...events, ...events].map((e) => recordVerdict(store(), key, e, { maxAttempts: 30 })),
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
    await recordVerdict(store(), key, passed('e1', 1));
    const ours = newClient();
    const control = interceptTransactions(ours);
    const other = store({ client: newClient() });
    control.hook = async () => {
      control.hook = undefined;
      await recordVerdict(other, key, revoked('r1', 3));
    };
    const counter = new DynamoDbCallCounter();
    // Act
    const result = await recordVerdict(
      store({ client: ours, onCall: counter.listener }),
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
      await recordVerdict(other, key, observed(`other-${n}`, 10 + n));
    };
    const applying = recordVerdict(store({ client: ours }), key, passed('e1', 1), { maxAttempts: 3 });
    await expect(applying).rejects.toMatchObject({ code: 'CONFLICT', retryable: true });
    await expect(applying).rejects.toBeInstanceOf(ConflictError);
    expect(n).toBe(3);
    expect((await store().get(key))?.status).toBe('PENDING');
  });
});
