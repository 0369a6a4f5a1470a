import {
  SigningLeases,
  type SigningLeasesOptions,
} from '../../../../functions/adapters/dynamodb/signing-leases';
import { DynamoDbCallCounter } from '../../../../functions/adapters/dynamodb/call-counter';
import { InvalidInputError } from '../../../../functions/core/errors';
import { recordVerdict } from '../../../../functions/core/verdict/record-verdict';
import { observed, passed } from '../../../unit/core/verdict/verdict-events';
import { newKey, verdictTableFixture } from './verdict-table-fixture';

const { table, client, store } = verdictTableFixture();

function leases(options: Partial<SigningLeasesOptions> = {}): SigningLeases {
  return new SigningLeases({ client, tableName: table, ...options });
}

describe('SigningLeases (conditional PutItem and DeleteItem)', () => {
  it('exactly one of 10 concurrent acquirers wins', async () => {
    const key = newKey();
    const owners = Array.from({ length: 10 }, (_, i) => `worker-${i}`);
    const won = await Promise.all(owners.map((o) => leases().acquire(key, o, 60_000)));
    expect(won.filter(Boolean)).toHaveLength(1);
  });

  it('lets the holder renew and release it, and nobody else', async () => {
    const key = newKey();
    const s = leases();
    expect(await s.acquire(key, 'a', 60_000)).toBe(true);
    expect(await s.acquire(key, 'a', 60_000)).toBe(true);
    expect(await s.acquire(key, 'b', 60_000)).toBe(false);
    expect(await s.release(key, 'b')).toBe(false);
    expect(await s.release(key, 'a')).toBe(true);
    expect(await s.release(key, 'a')).toBe(false);
    expect(await s.acquire(key, 'b', 60_000)).toBe(true);
  });

  it('can be taken over once it expired, not a millisecond before', async () => {
    const key = newKey();
    let now = Date.parse('2025-06-03T00:00:00.000Z');
    const s = leases({ now: () => new Date(now) });
    expect(await s.acquire(key, 'a', 1000)).toBe(true);
    now += 999;
    expect(await s.acquire(key, 'b', 1000)).toBe(false);
    now += 1;
    expect(await s.acquire(key, 'b', 1000)).toBe(true);
    expect(await s.release(key, 'a')).toBe(false);
  });

  it('refuses a lease without an owner or duration', async () => {
    await expect(leases().acquire(newKey(), '', 1000)).rejects.toBeInstanceOf(InvalidInputError);
    await expect(leases().acquire(newKey(), 'a', 0)).rejects.toBeInstanceOf(InvalidInputError);
  });
});

describe('the lease given back in the verdict write (one TransactWriteItems)', () => {
  it("releases the holder's lease with the verdict and history, with no DeleteItem", async () => {
    const key = newKey();
    const s = leases();
    await recordVerdict(store(), key, observed('o1', 1));
    expect(await s.acquire(key, 'a', 60_000)).toBe(true);
    const counter = new DynamoDbCallCounter();
    const result = await recordVerdict(store({ onCall: counter.listener }), key, passed('e1', 2), {
      releaseLeaseOf: 'a',
    });
    expect(result).toMatchObject({ changed: true, leaseReleased: true, verdict: { status: 'VERIFIED' } });
    expect(counter.snapshot()).toEqual({ 'GetItem ok': 1, 'TransactWriteItems ok': 1 });
    // Gone: another worker takes it at once, and the old owner has nothing left to release.
    expect(await s.release(key, 'a')).toBe(false);
    expect(await s.acquire(key, 'b', 60_000)).toBe(true);
    expect((await store().history(key)).map((h) => h.status)).toEqual(['VERIFIED', 'PENDING']);
  });

  it("writes the verdict anyway when the lease is another's now, and leaves that lease alone", async () => {
    const key = newKey();
    const s = leases();
    expect(await s.acquire(key, 'b', 60_000)).toBe(true);
    const result = await recordVerdict(store(), key, passed('e1', 2), { releaseLeaseOf: 'a' });
    expect(result).toMatchObject({ changed: true, leaseReleased: false, verdict: { version: 1 } });
    await expect(store().get(key)).resolves.toMatchObject({ status: 'VERIFIED', version: 1 });
    expect(await s.acquire(key, 'a', 60_000)).toBe(false);
    expect(await s.release(key, 'b')).toBe(true);
  });

  it('keeps the lease when the verdict write loses its race, and retries as before', async () => {
    const key = newKey();
    const s = leases();
    await recordVerdict(store(), key, observed('o1', 1));
    expect(await s.acquire(key, 'a', 60_000)).toBe(true);
    const stale = await store().get(key);
    await recordVerdict(store(), key, observed('o2', 3, ['v2']));
    const refused = await store().putIfVersion(
      { ...stale!, version: 2 },
      { version: 2, recordedAt: stale!.updatedAt, event: observed('o3', 4), status: 'PENDING' },
      1,
      { releaseLeaseOf: 'a' },
    );
    expect(refused.written).toBe(false);
    expect(await s.acquire(key, 'b', 60_000)).toBe(false);
    const retried = await recordVerdict(store(), key, passed('e1', 5), { releaseLeaseOf: 'a' });
    expect(retried).toMatchObject({ changed: true, leaseReleased: true, verdict: { version: 3 } });
    expect(await s.acquire(key, 'b', 60_000)).toBe(true);
  });
});
