import type { Verdict } from '../verdict/verdict';

/**
 * When an evaluation happened, for the verdict's event order: an operator's re-evaluation is the
 * operator's decision at request time; any other is its evidence's time (the scan's completion, else
 * the trigger's), so a late copy of an old scan event, a closed finding or the reconciler re-reading an
 * old scan cannot undo a revocation newer than that scan.
 *
 * One adjustment: the same bytes deleted and pushed again keep their evidence (a digest names its
 * content), so an evaluation of a re-pushed digest counts just after the deletion, unless an automatic
 * revocation newer than the evidence stands (that one still needs newer evidence).
 */
export function evaluationTime(
  trigger: { readonly at: string; readonly operator?: boolean },
  evidenceAt: string | undefined,
  current: Verdict | undefined,
): string {
  if (trigger.operator === true || evidenceAt === undefined) return trigger.at;
  const evidence = iso(evidenceAt);
  const latest = current?.latestEvents;
  const deletedAt = latest?.Deleted?.at;
  const repushed =
    deletedAt !== undefined && latest?.Observed !== undefined && latest.Observed.at > deletedAt;
  const revokedSince = latest?.Revoked !== undefined && latest.Revoked.at >= evidence;
  if (repushed && deletedAt > evidence && !revokedSince) {
    return new Date(Date.parse(deletedAt) + 1).toISOString();
  }
  return evidence;
}

function iso(time: string): string {
  const ms = Date.parse(time);
  return Number.isFinite(ms) ? new Date(ms).toISOString() : time;
}
