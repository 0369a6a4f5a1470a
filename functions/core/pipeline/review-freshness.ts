import { RESCAN_RETRY_HOURS } from '../policy/decision-validity';
import { resealDue } from '../verdict/seal-step';
import type { Verdict } from '../verdict/verdict';
import type { Trigger } from './evaluate-image';
import type { PipelineDeps } from './pipeline-deps';
import { evaluateOrHandOff, type ReconcileCounts } from './evaluate-or-hand-off';
import { resealImage } from './reseal-image';

const HOUR_MS = 3_600_000;
/** How soon the reconciler looks again at a verdict whose seal renewal it asked for (if none came). */
export const RESEAL_RETRY_HOURS = 1;

/**
 * One VERIFIED verdict due for review (the byReview index): its freshness (reviewFreshness) when its
 * `validity.reviewAt` has come, whose evaluation also seals it again; else, when only its seal is due
 * for renewal (`resealAt`, or no seal), a seal alone: one signing call by the signer, no registry work,
 * no evaluation. Its next review then moves RESEAL_RETRY_HOURS on, unless the new seal came first.
 */
export async function reviewDue(
  deps: PipelineDeps,
  verdict: Verdict,
  trigger: Trigger,
  counts: ReconcileCounts,
): Promise<void> {
  const nowMs = Date.parse(trigger.at);
  const sealDue = resealDue(verdict, new Date(nowMs));
  const reviewAt = verdict.validity?.reviewAt;
  if ((reviewAt !== undefined && Date.parse(reviewAt) <= nowMs) || !sealDue) {
    return reviewFreshness(deps, verdict, trigger, counts);
  }
  const image = { registry: verdict.registry, repository: verdict.repository, digest: verdict.digest };
  const reason =
    verdict.seal === undefined
      ? 'reconciler: VERIFIED without a seal'
      : `reconciler: re-seal due at ${verdict.resealAt}`;
  const outcome = await resealImage(deps, { type: 'ResealRequested', image, ...trigger, reason });
  if (outcome.action === 'handed-off') counts.handedOff += 1;
  if (outcome.action === 'resealed') counts.resealed += 1;
  const retryMs = nowMs + RESEAL_RETRY_HOURS * HOUR_MS;
  const next = reviewAt === undefined ? retryMs : Math.min(retryMs, Date.parse(reviewAt));
  await deps.store.postponeReview(image, verdict.version, new Date(next).toISOString());
}

/**
 * One VERIFIED verdict due for review (its `validity.reviewAt` has come):
 * 1. It is evaluated again with the newest scan: a fresh scan renews it; the same stale scan keeps it
 *    VERIFIED with a SCAN_STALE note during the grace (and after it with `onStale: warn`); past its
 *    `validUntil` (grace ended with `onStale: reject`, or an exception it relied on expired) it is
 *    REJECTED. The lookup already denies from `validUntil` on, whether or not this has run.
 * 2. Once its scan is stale, a rescan is requested where the scanner allows one: ECR basic scanning
 *    through StartImageScan (refused within 24 hours of the last scan: skipped, tried again on a later
 *    review). Inspector rescans by itself; a CI-attached Trivy report cannot be rescanned by us.
 * 3. Its next review moves RESCAN_RETRY_HOURS on (never past `validUntil`, nor past its seal's renewal:
 *    RESEAL_RETRY_HOURS on when that is due already), unless the evaluation already wrote a newer
 *    verdict, which carries its own.
 */
export async function reviewFreshness(
  deps: PipelineDeps,
  verdict: Verdict,
  trigger: Trigger,
  counts: ReconcileCounts,
): Promise<void> {
  const image = { registry: verdict.registry, repository: verdict.repository, digest: verdict.digest };
  const nowMs = Date.parse(trigger.at);
  const validity = verdict.validity;
  const expired = validity?.validUntil !== undefined && Date.parse(validity.validUntil) <= nowMs;
  if (expired) counts.expired += 1;
  const why = expired
    ? `reconciler: valid until ${validity?.validUntil}`
    : `reconciler: scan stale since ${validity?.staleAt}`;
  await evaluateOrHandOff(deps, verdict, trigger, why, counts);
  const stale = validity !== undefined && Date.parse(validity.staleAt) <= nowMs;
  if (stale) counts.stale += 1;
  if (stale && verdict.scan?.source === 'ecr-basic' && deps.scanStarter) {
    const started = await deps.scanStarter.startScan(image);
    if (started.outcome === 'started') counts.scansStarted += 1;
  }
  const retryMs = nowMs + RESCAN_RETRY_HOURS * HOUR_MS;
  const untilMs = validity?.validUntil === undefined ? retryMs : Date.parse(validity.validUntil);
  const sealMs = resealDue(verdict, new Date(nowMs))
    ? nowMs + RESEAL_RETRY_HOURS * HOUR_MS
    : Date.parse(verdict.resealAt ?? new Date(retryMs).toISOString());
  const next = Math.min(expired ? retryMs : Math.min(retryMs, untilMs), sealMs);
  await deps.store.postponeReview(image, verdict.version, new Date(next).toISOString());
}
