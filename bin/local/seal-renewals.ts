import type { ResealRequested } from '../../functions/core/events/pipeline-event';
import { resealDue } from '../../functions/core/verdict/seal-step';
import type { VerdictStore } from '../../functions/core/verdict/verdict-store';

/**
 * The local reconciler's share of seal renewals: a re-seal request for each VERIFIED verdict whose seal
 * is due (`resealAt` passed, or none), so that a long-running `npm start` keeps admitting what it
 * verified (a seal allows at most `sealing.lifetimeHours`). Freshness reviews stay the AWS reconciler's.
 */
export async function dueReseals(
  store: Pick<VerdictStore, 'listDueForReview'>,
  now: Date,
): Promise<ResealRequested[]> {
  const at = now.toISOString();
  const due = await store.listDueForReview(at);
  return due
    .filter((verdict) => resealDue(verdict, now))
    .map((verdict) => ({
      type: 'ResealRequested',
      image: { registry: verdict.registry, repository: verdict.repository, digest: verdict.digest },
      id: `local-reseal:${at}`,
      at,
      reason: `seal due at ${verdict.resealAt ?? 'once (none)'}`,
    }));
}
