import { nextReviewOf } from '../../functions/core/verdict/seal-step';
import type { Verdict, VerdictKey, VerdictStatus } from '../../functions/core/verdict/verdict';
import type {
  ConditionalPutResult,
  IndexMember,
  VerdictHistoryEntry,
  VerdictStore,
} from '../../functions/core/verdict/verdict-store';

/**
 * The VerdictStore port as a table in memory: what a table does and nothing more (the write algorithm
 * is the core's `recordVerdict`, exercised against this). A test double of the port, for unit tests;
 * the DynamoDB adapter is tested against DynamoDB Local.
 */
export class MemoryVerdictTable implements VerdictStore {
  /** Every put, written or not, in order. */
  readonly puts: {
    readonly verdict: Verdict;
    readonly entry: VerdictHistoryEntry;
    readonly written: boolean;
  }[] = [];
  /** Runs before each put compares versions: a test lets "another writer" win the race here. */
  beforePut?: (verdict: Verdict) => Promise<void> | void;
  private readonly verdicts = new Map<string, Verdict>();
  private readonly entries = new Map<string, VerdictHistoryEntry[]>();
  private readonly members = new Map<string, Map<string, IndexMember>>();
  private readonly holders = new Map<string, Set<string>>();
  /** Review times moved by postponeReview, until the verdict's next put. */
  private readonly reviews = new Map<string, string>();

  get(key: VerdictKey): Promise<Verdict | undefined> {
    return Promise.resolve(this.verdicts.get(idOf(key)));
  }

  getMany(keys: readonly VerdictKey[]): Promise<readonly (Verdict | undefined)[]> {
    return Promise.resolve(keys.map((key) => this.verdicts.get(idOf(key))));
  }

  async putIfVersion(
    verdict: Verdict,
    entry: VerdictHistoryEntry,
    expectedVersion: number,
  ): Promise<ConditionalPutResult> {
    await this.beforePut?.(verdict);
    const id = idOf(verdict);
    const stored = this.verdicts.get(id)?.version ?? 0;
    const written = stored === expectedVersion;
    this.puts.push({ verdict, entry, written });
    if (!written) return { written, cause: new Error(`version ${stored}, expected ${expectedVersion}`) };
    this.verdicts.set(id, verdict);
    this.reviews.delete(id);
    this.entries.set(id, [entry, ...(this.entries.get(id) ?? [])]);
    return { written };
  }

  async putResealed(verdict: Verdict, expectedVersion: number): Promise<ConditionalPutResult> {
    await this.beforePut?.(verdict);
    const id = idOf(verdict);
    const stored = this.verdicts.get(id)?.version ?? 0;
    if (stored !== expectedVersion || stored === 0) {
      return { written: false, cause: new Error(`version ${stored}, expected ${expectedVersion}`) };
    }
    this.verdicts.set(id, verdict);
    this.reviews.delete(id);
    return { written: true };
  }

  listByStatus(status: VerdictStatus, olderThan?: string, limit = 100): Promise<readonly Verdict[]> {
    const listed = [...this.verdicts.values()]
      .filter((v) => v.status === status && (olderThan === undefined || v.updatedAt < olderThan))
      .sort((a, b) => a.updatedAt.localeCompare(b.updatedAt));
    return Promise.resolve(listed.slice(0, limit));
  }

  listDueForReview(dueBy: string, limit = 100): Promise<readonly Verdict[]> {
    const due = [...this.verdicts.entries()]
      .flatMap(([id, v]) => {
        const at = this.reviews.get(id) ?? nextReviewOf(v);
        return v.status === 'VERIFIED' && at !== undefined && at <= dueBy ? [{ v, at }] : [];
      })
      .sort((a, b) => a.at.localeCompare(b.at));
    return Promise.resolve(due.slice(0, limit).map(({ v }) => v));
  }

  postponeReview(key: VerdictKey, expectedVersion: number, reviewAt: string): Promise<boolean> {
    const current = this.verdicts.get(idOf(key));
    if (current?.version !== expectedVersion) return Promise.resolve(false);
    this.reviews.set(idOf(key), reviewAt);
    return Promise.resolve(true);
  }

  history(key: VerdictKey, limit = 50): Promise<readonly VerdictHistoryEntry[]> {
    return Promise.resolve((this.entries.get(idOf(key)) ?? []).slice(0, limit));
  }

  putMemberships(index: VerdictKey, members: readonly IndexMember[]): Promise<void> {
    const held = this.members.get(idOf(index)) ?? new Map<string, IndexMember>();
    for (const member of members) {
      held.set(member.digest, member);
      const id = idOf({ ...index, digest: member.digest });
      this.holders.set(id, (this.holders.get(id) ?? new Set()).add(index.digest));
    }
    this.members.set(idOf(index), held);
    return Promise.resolve();
  }

  indexesOf(platform: VerdictKey): Promise<readonly string[]> {
    return Promise.resolve([...(this.holders.get(idOf(platform)) ?? [])].sort());
  }

  platformsOf(index: VerdictKey): Promise<readonly IndexMember[]> {
    const held = [...(this.members.get(idOf(index))?.values() ?? [])];
    return Promise.resolve(held.sort((a, b) => a.digest.localeCompare(b.digest)));
  }
}

function idOf(key: VerdictKey): string {
  return `${key.registry}/${key.repository}@${key.digest}`;
}
