import { DEFAULT_SEAL_LIFETIME_HOURS, resealDue } from '../verdict/seal-step';
import type { Verdict } from '../verdict/verdict';
import { discoverLostPushes, type DiscoveryReport } from './discover-lost-pushes';
import type { Trigger } from './evaluate-image';
import { evaluateOrHandOff, type ReconcileCounts } from './evaluate-or-hand-off';
import type { PipelineDeps } from './pipeline-deps';
import { reviewDue } from './review-freshness';

export interface ReconcileReport {
  /** PENDING longer than the configured timeout: a scan event was missed, or never came. */
  readonly pending: number;
  /** VERIFIED verdicts due for review: a scan gone stale, a grace ending, an exception expiring. */
  readonly due: number;
  /** Of those, how many had a stale scan (a rescan was requested where the scanner allows one). */
  readonly stale: number;
  /** Of those, how many were past their `validUntil` (re-evaluated, which denies unless evidence changed). */
  readonly expired: number;
  readonly handedOff: number;
  readonly evaluated: number;
  /** Seals renewed by this worker (where it holds the sealer; else handed off). */
  readonly resealed: number;
  readonly scansStarted: number;
  /** Images listed, and digests found without a verdict (pushes whose event was lost). */
  readonly discovery: DiscoveryReport;
  readonly failures: readonly string[];
}

/**
 * The safety net for best-effort EventBridge delivery, and the keeper of freshness. Pushes whose event
 * was lost are found by listing the allowed repositories (discover-lost-pushes.ts). Images left PENDING
 * too long are evaluated again (starting a basic scan where scanning is manual). VERIFIED verdicts due
 * for review (the byReview index: selected by their next review time, not by age) are re-evaluated and,
 * where the scanner allows, rescanned (review-freshness.ts); those due only for a new seal are sealed
 * again, as are VERIFIED verdicts left without a valid seal (written before seals, or a renewal lost: the
 * byStatus index, oldest first). Where this worker cannot sign, evaluations and seals are handed to the
 * signing function's queue. At most `limit` of each per run.
 */
export async function reconcile(deps: PipelineDeps, limit = 100): Promise<ReconcileReport> {
  const now = deps.now();
  const pendingCutoff = new Date(
    now.getTime() - deps.config.scanning.pendingTimeoutMinutes * 60_000,
  ).toISOString();
  const [pending, due] = await Promise.all([
    deps.store.listByStatus('PENDING', pendingCutoff, limit),
    deps.store.listDueForReview(now.toISOString(), limit),
  ]);
  const counts: ReconcileCounts = {
    stale: 0,
    expired: 0,
    handedOff: 0,
    evaluated: 0,
    resealed: 0,
    scansStarted: 0,
  };
  const discovery = await discoverLostPushes(deps, limit);
  const failures: string[] = [...discovery.failures];
  const trigger = { id: `reconcile:${now.toISOString()}`, at: now.toISOString() };
  const attempt = async (verdict: Verdict, step: () => Promise<void>) => {
    try {
      await step();
    } catch (error) {
      failures.push(`${verdict.repository}@${verdict.digest}: ${(error as Error).message}`);
    }
  };
  for (const verdict of pending) {
    await attempt(verdict, () => revisitPending(deps, verdict, trigger, counts));
  }
  for (const verdict of due) {
    await attempt(verdict, () => reviewDue(deps, verdict, trigger, counts));
  }
  // VERIFIED items unchanged for half a seal lifetime and still due for a seal: written before seals
  // existed (no `resealAt` in the byReview index), or a renewal that never came. Oldest first.
  const seen = new Set(due.map((v) => v.digest + v.repository + v.registry));
  for (const verdict of await unsealedVerified(deps, now, limit)) {
    if (seen.has(verdict.digest + verdict.repository + verdict.registry)) continue;
    await attempt(verdict, () => reviewDue(deps, verdict, trigger, counts));
  }
  return { pending: pending.length, due: due.length, ...counts, discovery, failures };
}

async function unsealedVerified(deps: PipelineDeps, now: Date, limit: number): Promise<readonly Verdict[]> {
  const halfLifetimeMs =
    ((deps.config.sealing?.lifetimeHours ?? DEFAULT_SEAL_LIFETIME_HOURS) * 3_600_000) / 2;
  const before = new Date(now.getTime() - halfLifetimeMs).toISOString();
  const old = await deps.store.listByStatus('VERIFIED', before, limit);
  return old.filter((verdict) => resealDue(verdict, now));
}

async function revisitPending(
  deps: PipelineDeps,
  verdict: Verdict,
  trigger: Trigger,
  counts: ReconcileCounts,
): Promise<void> {
  const image = { registry: verdict.registry, repository: verdict.repository, digest: verdict.digest };
  if (deps.scanStarter && deps.config.scanning.startScanOnPush) {
    const started = await deps.scanStarter.startScan(image);
    if (started.outcome === 'started') counts.scansStarted += 1;
  }
  await evaluateOrHandOff(deps, verdict, trigger, `reconciler: PENDING since ${verdict.updatedAt}`, counts);
}
