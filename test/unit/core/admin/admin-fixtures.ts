import type { AdminDeps } from '../../../../functions/core/admin/admin-deps';
import type { PipelineEvent } from '../../../../functions/core/events/pipeline-event';
import { recordVerdict } from '../../../../functions/core/verdict/record-verdict';
import type { VerdictKey } from '../../../../functions/core/verdict/verdict';
import type { VerdictEvent } from '../../../../functions/core/verdict/verdict-event';
import { MemoryVerdictTable } from '../../../support/memory-verdict-table';

export const NOW = new Date('2025-03-02T10:00:00.000Z');

/** A verdict table in memory; `applied` lists the events the code under test wrote. */
export class MemoryStore extends MemoryVerdictTable {
  get applied(): { key: VerdictKey; event: VerdictEvent }[] {
    return this.puts.slice(this.seeded).map(({ verdict, entry }) => ({
      key: { registry: verdict.registry, repository: verdict.repository, digest: verdict.digest },
      event: entry.event,
    }));
  }
  private seeded = 0;

  /** Records events without counting them as applied by the code under test. */
  async seed(key: VerdictKey, ...events: VerdictEvent[]): Promise<void> {
    for (const event of events) await recordVerdict(this, key, event, { now: () => NOW });
    this.seeded = this.puts.length;
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
