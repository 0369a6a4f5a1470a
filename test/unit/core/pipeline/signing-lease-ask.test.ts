import type { PipelineDeps } from '../../../../functions/core/pipeline/pipeline-deps';
import { askLease } from '../../../../functions/core/pipeline/signing-lease-ask';
import type { SigningLease } from '../../../../functions/core/ports/signing-lease';
import { KEY } from '../verdict/verdict-events';

/** One lease in memory, with the port's semantics (held by one owner; taken again by its owner). */
function memoryLease(): SigningLease & { holder?: string; asks: number; releases: string[] } {
  const port = {
    holder: undefined as string | undefined,
    asks: 0,
    releases: [] as string[],
    acquire: async (_key: unknown, owner: string) => {
      port.asks += 1;
      if (port.holder !== undefined && port.holder !== owner) return false;
      port.holder = owner;
      return true;
    },
    release: async (_key: unknown, owner: string) => {
      if (port.holder !== owner) return false;
      port.holder = undefined;
      port.releases.push(owner);
      return true;
    },
  };
  return port;
}

const depsWith = (leases: SigningLease, signingLeaseMs = 60_000) =>
  ({ leases, workerId: 'w', signingLeaseMs }) as unknown as PipelineDeps;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('askLease (the signing lease asked for beside the reads)', () => {
  it('is had "free" and handed over by take: giveBack afterwards releases nothing', async () => {
    const port = memoryLease();
    const asked = askLease(depsWith(port), KEY);
    await expect(asked.take()).resolves.toBe('free');
    await asked.giveBack();
    expect(port.holder).toBe(asked.owner);
    expect(port.releases).toEqual([]);
  });

  it('is given back when not taken over (the evaluation did not sign)', async () => {
    const port = memoryLease();
    const asked = askLease(depsWith(port), KEY);
    await sleep(5);
    await asked.giveBack();
    expect(port.holder).toBeUndefined();
    expect(port.releases).toEqual([asked.owner]);
  });

  it("stops waiting for another worker's lease at once when given back, and leaves that lease alone", async () => {
    const port = memoryLease();
    port.holder = 'other';
    const asked = askLease(depsWith(port), KEY);
    await sleep(200);
    const started = Date.now();
    await asked.giveBack();
    expect(Date.now() - started).toBeLessThan(100);
    expect(port.holder).toBe('other');
    const asks = port.asks;
    await sleep(1200);
    expect(port.asks).toBe(asks);
  });

  it('is "waited" when another worker held it first and gave it up', async () => {
    const port = memoryLease();
    port.holder = 'other';
    const asked = askLease(depsWith(port), KEY);
    await sleep(20);
    port.holder = undefined;
    await expect(asked.take()).resolves.toBe('waited');
  });

  it('renews a lease had long before the hand-over, and counts it not had if the renewal is refused', async () => {
    const port = memoryLease();
    const asked = askLease(depsWith(port, 90), KEY);
    await sleep(40);
    port.holder = 'thief';
    await expect(asked.take()).resolves.toBe(false);

    const fresh = memoryLease();
    const kept = askLease(depsWith(fresh, 90), KEY);
    await sleep(40);
    await expect(kept.take()).resolves.toBe('free');
    expect(fresh.asks).toBe(2);
  });
});
