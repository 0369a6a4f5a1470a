import type { AdminDeps } from '../../../../functions/core/admin/admin-deps';
import type { PipelineEvent } from '../../../../functions/core/events/pipeline-event';
import { nextVerdict } from '../../../../functions/core/verdict/state-machine';
import type { Verdict, VerdictKey } from '../../../../functions/core/verdict/verdict';
import type { VerdictEvent } from '../../../../functions/core/verdict/verdict-event';
import type { ApplyResult, VerdictStore } from '../../../../functions/core/verdict/verdict-store';

export const NOW = new Date('2025-03-02T10:00:00.000Z');

/** The reads and `apply` of a verdict store, in memory, folded by the real state machine. */
export class MemoryStore implements Pick<VerdictStore, 'get' | 'apply'> {
  readonly applied: { key: VerdictKey; event: VerdictEvent }[] = [];
  private readonly verdicts = new Map<string, Verdict>();

  get(key: VerdictKey): Promise<Verdict | undefined> {
    return Promise.resolve(this.verdicts.get(id(key)));
  }

  apply(key: VerdictKey, event: VerdictEvent): Promise<ApplyResult> {
    this.applied.push({ key, event });
    const { verdict, changed } = nextVerdict(this.verdicts.get(id(key)), event, {
      key,
      now: NOW.toISOString(),
    });
    if (changed) this.verdicts.set(id(key), verdict);
    return Promise.resolve({ verdict, changed });
  }

  /** Records events without counting them as applied by the code under test. */
  async seed(key: VerdictKey, ...events: VerdictEvent[]): Promise<void> {
    for (const event of events) await this.apply(key, event);
    this.applied.length = 0;
  }
}

/** Admin deps on a memory store; hand-offs are collected. */
export function adminDeps(store = new MemoryStore()) {
  const handedOff: PipelineEvent[] = [];
  const deps: AdminDeps = {
    store,
    handOff: (event) => {
      handedOff.push(event);
      return Promise.resolve();
    },
    now: () => NOW,
    newId: () => '00000000-0000-4000-8000-000000000001',
  };
  return { deps, store, handedOff };
}

function id(key: VerdictKey): string {
  return `${key.registry}/${key.repository}@${key.digest}`;
}
