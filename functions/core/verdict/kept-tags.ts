/** How many tags a verdict keeps (the newest ones); `tagCount` counts them all. */
export const MAX_KEPT_TAGS = 20;

/** One tag as a verdict keeps it: when it was last pushed, or removed (a tombstone). */
export interface KeptTag {
  readonly tag: string;
  /** The time of the newest push or removal of this tag (ISO, normalised). */
  readonly at: string;
  /** True when the newest news of this tag is its removal. */
  readonly removed?: boolean;
}

/** The tags part of a verdict: bounded, whatever the number of pushes. */
export interface TagState {
  /** The newest MAX_KEPT_TAGS tags and tombstones, oldest first (the order of `tags`). */
  readonly keptTags: readonly KeptTag[];
  /** How many distinct tags entered the kept list (one that drops out and returns counts again). */
  readonly tagCount: number;
}

/**
 * Merges the tags of one push (or removal) into the kept tags. For each tag the newest news wins (a
 * removal over a push at the same instant); only the newest MAX_KEPT_TAGS survive. A join: the same
 * events in any order, any number of times, give the same kept tags, so the verdict stays
 * order-independent, and its size is bounded however many tags are pushed.
 */
export function mergeTags(state: TagState, tags: readonly string[], at: string, removed: boolean): TagState {
  let kept = [...state.keptTags];
  let added = 0;
  for (const tag of new Set(tags)) {
    const entry: KeptTag = removed ? { tag, at, removed: true } : { tag, at };
    const i = kept.findIndex((k) => k.tag === tag);
    if (i < 0) {
      kept.push(entry);
      added += 1;
    } else if (compareKept(entry, kept[i]!) > 0) {
      kept[i] = entry;
    }
  }
  kept.sort(compareKept);
  const dropped = kept.length - MAX_KEPT_TAGS;
  if (dropped > 0) {
    const survivors = kept.slice(dropped);
    added -= kept.slice(0, dropped).filter((k) => !state.keptTags.some((s) => s.tag === k.tag)).length;
    kept = survivors;
  }
  return { keptTags: kept, tagCount: state.tagCount + Math.max(0, added) };
}

/** The tags a digest has now, oldest first (newest last). */
export function currentTags(keptTags: readonly KeptTag[]): string[] {
  return keptTags.filter((k) => k.removed !== true).map((k) => k.tag);
}

/** Whether two kept-tag lists are the same. */
export function sameTags(a: TagState, b: TagState): boolean {
  return (
    a.tagCount === b.tagCount &&
    a.keptTags.length === b.keptTags.length &&
    a.keptTags.every((k, i) => compareKept(k, b.keptTags[i]!) === 0)
  );
}

/**
 * The kept tags of a verdict stored before tags were bounded: every tag at its first-seen time.
 */
export function legacyTagState(tags: readonly string[], firstSeenAt: string): TagState {
  return mergeTags({ keptTags: [], tagCount: 0 }, tags, firstSeenAt, false);
}

function compareKept(a: KeptTag, b: KeptTag): number {
  return cmp(a.at, b.at) || Number(a.removed === true) - Number(b.removed === true) || cmp(a.tag, b.tag);
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
