import { ConflictError, InvalidInputError } from '../../../../functions/core/errors';
import { backoffMs, recordVerdict } from '../../../../functions/core/verdict/record-verdict';
import type { VerdictKey } from '../../../../functions/core/verdict/verdict';
import { MemoryVerdictTable } from '../../../support/memory-verdict-table';
import { observed, passed, revoked } from './verdict-events';

const KEY: VerdictKey = {
  registry: '123456789012.dkr.ecr.eu-west-1.amazonaws.com',
  repository: 'team/app',
  digest: `sha256:${'a'.repeat(64)}`,
};
const NOW = new Date('2025-04-01T12:00:00.000Z');

/** Records the waits instead of waiting. */
function sleeper() {
  const waits: number[] = [];
  return {
    waits,
    sleep: (ms: number) => {
      waits.push(ms);
      return Promise.resolve();
    },
  };
}

describe('recordVerdict', () => {
  it('writes the first change as version 1 with a history entry, expecting no stored verdict', async () => {
    // Prepare
    const table = new MemoryVerdictTable();
    // Act
    const result = await recordVerdict(table, KEY, observed('o1', 1, ['v1']), { now: () => NOW });
    // Assess
    expect(result).toMatchObject({ changed: true, verdict: { status: 'PENDING', version: 1, tags: ['v1'] } });
    expect(result.verdict.updatedAt).toBe(NOW.toISOString());
    expect(await table.history(KEY)).toEqual([
      { version: 1, recordedAt: NOW.toISOString(), event: observed('o1', 1, ['v1']), status: 'PENDING' },
    ]);
  });

  it('records the previous status in the history entry of a later change', async () => {
    const table = new MemoryVerdictTable();
    await recordVerdict(table, KEY, observed('o1', 1));
    await recordVerdict(table, KEY, passed('e1', 2));
    const [latest] = await table.history(KEY);
    expect(latest).toMatchObject({ version: 2, status: 'VERIFIED', previousStatus: 'PENDING' });
  });

  it('writes nothing for a duplicate event and returns the stored verdict', async () => {
    const table = new MemoryVerdictTable();
    const first = await recordVerdict(table, KEY, observed('o1', 1));
    const again = await recordVerdict(table, KEY, observed('o1', 1));
    expect(again).toEqual({ changed: false, verdict: first.verdict, seals: 0, unsealed: false });
    expect(table.puts).toHaveLength(1);
  });

  it('refuses an invalid event before reading', async () => {
    const table = new MemoryVerdictTable();
    const reads = jest.spyOn(table, 'get');
    await expect(recordVerdict(table, KEY, { ...observed('o1', 1), at: 'yesterday' })).rejects.toBeInstanceOf(
      InvalidInputError,
    );
    expect(reads).not.toHaveBeenCalled();
  });

  it('after a lost race reads again, waits a jittered backoff, and folds the event onto the winner', async () => {
    // Prepare: another writer revokes just before our first put.
    const table = new MemoryVerdictTable();
    await recordVerdict(table, KEY, passed('e1', 1));
    let raced = false;
    table.beforePut = async () => {
      if (raced) return;
      raced = true;
      table.beforePut = undefined;
      await recordVerdict(table, KEY, revoked('r1', 3));
    };
    const { waits, sleep } = sleeper();
    // Act
    const result = await recordVerdict(table, KEY, observed('o1', 2, ['v7']), { sleep });
    // Assess
    expect(result).toMatchObject({ changed: true, verdict: { status: 'REVOKED', version: 3, tags: ['v7'] } });
    expect(table.puts.map((p) => [p.verdict.version, p.written])).toEqual([
      [1, true],
      [2, true], // the other writer's revocation
      [2, false], // ours, lost
      [3, true], // ours, again
    ]);
    expect(waits).toHaveLength(1);
    expect(waits[0]).toBeGreaterThanOrEqual(0);
    expect(waits[0]).toBeLessThan(20);
  });

  it('gives up with a retryable ConflictError after maxAttempts lost races, naming the last race as cause', async () => {
    // Prepare: every put loses to another writer.
    const table = new MemoryVerdictTable();
    let n = 0;
    table.beforePut = async () => {
      n += 1;
      const before = table.beforePut;
      table.beforePut = undefined;
      await recordVerdict(table, KEY, observed(`other-${n}`, 10 + n));
      table.beforePut = before;
    };
    const { waits, sleep } = sleeper();
    // Act
    const error: unknown = await recordVerdict(table, KEY, passed('e1', 1), { maxAttempts: 3, sleep }).catch(
      (e: unknown) => e,
    );
    // Assess
    expect(error).toBeInstanceOf(ConflictError);
    expect(error).toMatchObject({ code: 'CONFLICT', retryable: true, cause: expect.any(Error) });
    expect((error as Error).message).toMatch(/lost the race 3 times$/);
    expect(n).toBe(3);
    expect(waits).toHaveLength(2);
    expect((await table.get(KEY))?.status).toBe('PENDING');
  });

  it('tries at least once whatever maxAttempts says', async () => {
    const table = new MemoryVerdictTable();
    const result = await recordVerdict(table, KEY, observed('o1', 1), { maxAttempts: 0 });
    expect(result.changed).toBe(true);
  });
});

describe('backoffMs', () => {
  it('is uniform below 10 * 2^attempt ms, capped at 250 ms', () => {
    expect(backoffMs(1, () => 0)).toBe(0);
    expect(backoffMs(1, () => 0.5)).toBe(10);
    expect(backoffMs(3, () => 0.5)).toBe(40);
    expect(backoffMs(5, () => 0.999)).toBeCloseTo(249.75);
    expect(backoffMs(20, () => 0.5)).toBe(125);
  });
});
