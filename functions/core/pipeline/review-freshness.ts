import { RESCAN_RETRY_HOURS } from '../policy/decision-validity';
import type { Verdict } from '../verdict/verdict';
import type { Trigger } from './evaluate-image';
import type { PipelineDeps } from './pipeline-deps';
import { evaluateOrHandOff, type ReconcileCounts } from './evaluate-or-hand-off';

const HOUR_MS = 3_600_000;

/**
 * One VERIFIED verdict due for review (its `validity.reviewAt` has come):
 * 1. It is evaluated again with the newest scan: a fresh scan renews it; the same stale scan keeps it
 *    VERIFIED with a SCAN_STALE note during the grace (and after it with `onStale: warn`); past its
 *    `validUntil` (grace ended with `onStale: reject`, or an exception it relied on expired) it is
 *    REJECTED. The lookup already denies from `validUntil` on, whether or not this has run.
 * 2. Once its scan is stale, a rescan is requested where the scanner allows one: ECR basic scanning
 *    through StartImageScan (refused within 24 hours of the last scan: skipped, tried again on a later
 *    review). Inspector rescans by itself; a CI-attached Trivy report cannot be rescanned by us.
 * 3. Its next review moves RESCAN_RETRY_HOURS on (never past `validUntil`), unless the evaluation
 *    already wrote a newer verdict, which carries its own.
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
  const next = expired ? retryMs : Math.min(retryMs, untilMs);
  await deps.store.postponeReview(image, verdict.version, new Date(next).toISOString());
}
