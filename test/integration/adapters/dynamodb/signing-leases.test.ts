import {
  SigningLeases,
  type SigningLeasesOptions,
} from '../../../../functions/adapters/dynamodb/signing-leases';
import { InvalidInputError } from '../../../../functions/core/errors';
import { newKey, verdictTableFixture } from './verdict-table-fixture';

const { table, client } = verdictTableFixture();

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
