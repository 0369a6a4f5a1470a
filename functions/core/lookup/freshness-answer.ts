import type { Verdict } from '../verdict/verdict';
import type { AnswerReason } from './verdict-answer';

/**
 * What the clock says about a VERIFIED verdict at `checkedAt`, before any reconciler run: `expired`
 * from its `validUntil` on (the answer denies, naming what expired), else `stale` once its scan went
 * stale (the answer allows, with a SCAN_STALE warning saying until when), else nothing.
 */
export type Freshness =
  | { readonly kind: 'fresh' }
  | { readonly kind: 'stale'; readonly warning: AnswerReason }
  | { readonly kind: 'expired'; readonly reasons: readonly AnswerReason[] };

export function freshnessAt(verdict: Verdict, checkedAt: string): Freshness {
  const validity = verdict.validity;
  if (verdict.status !== 'VERIFIED') return { kind: 'fresh' };
  const nowMs = Date.parse(checkedAt);
  // The verdict's own validUntil is the one its seal covers: an item whose validity was edited to
  // outlive it (a replay past its bound) still expires.
  const until = earliest(verdict.validUntil, validity?.validUntil);
  if (until !== undefined && Date.parse(until) <= nowMs) {
    const expiring = until === validity?.validUntil ? validity.expiring : undefined;
    const what = expiring === undefined ? '' : `: ${expiring.message}`;
    return {
      kind: 'expired',
      reasons: [
        {
          layer: 'scan',
          code: 'VERDICT_EXPIRED',
          message: `the verdict was valid until ${until}${what}`,
          ...(expiring?.cveIds === undefined ? {} : { cveIds: [...expiring.cveIds] }),
        },
      ],
    };
  }
  if (validity === undefined || Date.parse(validity.staleAt) > nowMs) return { kind: 'fresh' };
  const inGrace = Date.parse(validity.graceEndsAt) > nowMs;
  const completed = verdict.scan === undefined ? '' : `, completed at ${verdict.scan.completedAt},`;
  const message = inGrace
    ? `the scan${completed} went stale at ${validity.staleAt}; a rescan is requested; allowed until ${validity.graceEndsAt}, then onStale '${validity.onStale}' applies`
    : `the scan${completed} went stale at ${validity.staleAt} and no fresh scan arrived by ${validity.graceEndsAt}; onStale 'warn' keeps it allowed: scan the image again`;
  return { kind: 'stale', warning: { layer: 'scan', code: 'SCAN_STALE', message } };
}

function earliest(a: string | undefined, b: string | undefined): string | undefined {
  if (a === undefined || b === undefined) return a ?? b;
  return Date.parse(a) <= Date.parse(b) ? a : b;
}
