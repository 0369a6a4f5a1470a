import type { Verdict, VerdictKey, VerdictReason } from '../verdict/verdict';
import type { IndexMember, VerdictStore } from '../verdict/verdict-store';
import { record } from './record';

/** What index derivation and revocation read from the store. */
export type IndexStore = Pick<VerdictStore, 'get' | 'getMany' | 'putIfVersion' | 'platformsOf' | 'indexesOf'>;

/** The store and the clock of the use case that derives or revokes. */
export interface IndexDeps {
  readonly store: IndexStore;
  readonly now: () => Date;
}

/** A runnable platform of an index and its verdict (undefined: none recorded yet). */
export interface PlatformState {
  readonly member: IndexMember;
  readonly verdict: Verdict | undefined;
}

/** The recorded platforms of an index with their verdicts (one Query and one BatchGet). */
export async function platformStates(store: IndexStore, index: VerdictKey): Promise<PlatformState[]> {
  const members = await store.platformsOf(index);
  const verdicts = await store.getMany(members.map((m) => ({ ...index, digest: m.digest })));
  return members.map((member, i) => ({ member, verdict: verdicts[i] }));
}

/** The time of the newest platform decision ('' when none is decided). */
export function newestDecision(states: readonly PlatformState[]): string {
  return states.reduce((t, s) => {
    const at = s.verdict?.decidedAt;
    return at !== undefined && at > t ? at : t;
  }, '');
}

/**
 * Revokes the index when a platform of it is REVOKED: an automatic revocation naming each revoked
 * platform and why, stamped with the newest platform decision (so it outranks a derived pass from
 * before the revocation) and with an id naming the platforms' states (deriving again is a duplicate).
 * Returns the index's verdict when it recorded one.
 */
export async function revokeFromPlatforms(
  deps: IndexDeps,
  index: VerdictKey,
  states: readonly PlatformState[],
  id: string,
): Promise<Verdict | undefined> {
  const revoked = states.filter((s) => s.verdict?.status === 'REVOKED');
  if (revoked.length === 0) return undefined;
  const reasons = revoked.map((s) => platformReason('PLATFORM_REVOKED', s.member, s.verdict!));
  const at = newestDecision(states);
  return (await record(deps, index, { type: 'Revoked', id, at, reasons })).verdict;
}

/**
 * Revokes every index recorded as holding `platform`, when it is revoked. Needs no signing: the admin
 * API and the finding function call it directly.
 */
export async function spreadRevocation(deps: IndexDeps, platform: VerdictKey, id: string): Promise<void> {
  for (const digest of await deps.store.indexesOf(platform)) {
    const index = { ...platform, digest };
    await revokeFromPlatforms(deps, index, await platformStates(deps.store, index), `${id}/${digest}`);
  }
}

/** A reason of an index naming one of its platforms: its status and its own reasons. */
export function platformReason(code: string, member: IndexMember, verdict: Verdict): VerdictReason {
  const why = verdict.reasons.map((r) => r.message).join('; ');
  const cveIds = [...new Set(verdict.reasons.flatMap((r) => r.cveIds ?? []))];
  const message = `platform ${memberLabel(member)} is ${verdict.status}${why ? `: ${why}` : ''}`;
  return cveIds.length > 0 ? { code, message, cveIds } : { code, message };
}

/** `linux/arm64 (sha256:...)`. */
export function memberLabel(member: IndexMember): string {
  return `${member.platform} (${member.digest})`;
}
