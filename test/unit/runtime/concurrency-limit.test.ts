import { concurrencyLimit } from '../../../functions/runtime/concurrency-limit';

/** A task that records how many run at once and finishes when told. */
function gauge() {
  let running = 0;
  let most = 0;
  const started: number[] = [];
  const finish = new Map<number, () => void>();
  const task =
    (id: number, fail = false) =>
    async () => {
      running += 1;
      most = Math.max(most, running);
      started.push(id);
      await new Promise<void>((resolve) => finish.set(id, resolve));
      running -= 1;
      if (fail) throw new Error(`task ${id} failed`);
      return id;
    };
  const settle = () => new Promise((resolve) => setImmediate(resolve));
  return { task, finish, started, most: () => most, settle };
}

describe('concurrencyLimit', () => {
  it('runs at most its number of tasks at once, in the order given, and returns each result', async () => {
    const limit = concurrencyLimit(3);
    const g = gauge();

    const results = [1, 2, 3, 4, 5, 6, 7].map((id) => limit(g.task(id)));
    await g.settle();
    expect(g.started).toEqual([1, 2, 3]);
    g.finish.get(2)!();
    await g.settle();
    expect(g.started).toEqual([1, 2, 3, 4]);
    for (const id of [1, 3, 4, 5, 6, 7]) {
      await g.settle();
      g.finish.get(id)!();
    }

    await expect(Promise.all(results)).resolves.toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(g.most()).toBe(3);
  });

  it('frees the slot of a task that throws, and the error reaches only its caller', async () => {
    const limit = concurrencyLimit(1);
    const g = gauge();

    const failing = limit(g.task(1, true));
    const next = limit(g.task(2));
    await g.settle();
    g.finish.get(1)!();

    await expect(failing).rejects.toThrow('task 1 failed');
    await g.settle();
    expect(g.started).toEqual([1, 2]);
    g.finish.get(2)!();
    await expect(next).resolves.toBe(2);
  });

  it('hands a freed slot to the task waiting longest, not to a newcomer', async () => {
    const limit = concurrencyLimit(1);
    const g = gauge();

    const first = limit(g.task(1));
    const waiting = limit(g.task(2));
    await g.settle();
    g.finish.get(1)!();
    await first;
    const newcomer = limit(g.task(3));
    await g.settle();

    expect(g.started).toEqual([1, 2]);
    expect(g.most()).toBe(1);
    g.finish.get(2)!();
    await waiting;
    await g.settle();
    g.finish.get(3)!();
    await expect(newcomer).resolves.toBe(3);
  });

  it('refuses a limit that is not a positive integer', () => {
    expect(() => concurrencyLimit(0)).toThrow(RangeError);
    expect(() => concurrencyLimit(1.5)).toThrow('slots must be a positive integer: 1.5');
  });
});
