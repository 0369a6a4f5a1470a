import { DEFAULT_MAX_SCAN_AGE_HOURS } from '../policy/policy-schema';
import type { Verdict } from '../verdict/verdict';
import { discoverLostPushes, type DiscoveryReport } from './discover-lost-pushes';
import { evaluateImage } from './evaluate-image';
import type { PipelineDeps } from './pipeline-deps';

export interface ReconcileReport {
  /** PENDING longer than the configured timeout: a scan event was missed, or never came. */
  readonly pending: number;
  /** VERIFIED on a scan older than the freshness window. */
  readonly stale: number;
  readonly handedOff: number;
  readonly evaluated: number;
  readonly scansStarted: number;
  /** Images listed, and digests found without a verdict (pushes whose event was lost). */
  readonly discovery: DiscoveryReport;
  readonly failures: readonly string[];
}

/**
 * The safety net for best-effort EventBridge delivery: images left PENDING too long are evaluated again
 * (starting a basic scan where scanning is manual), and VERIFIED images whose verdict is older than the
 * freshness window are re-evaluated, which rejects them if their scan has gone stale. Where this worker
 * cannot sign, the work is handed to the signing function's queue. At most `limit` of each per run.
 */
export async function reconcile(deps: PipelineDeps, limit = 100): Promise<ReconcileReport> {
  const now = deps.now();
  const pendingCutoff = new Date(
    now.getTime() - deps.config.scanning.pendingTimeoutMinutes * 60_000,
  ).toISOString();
  const freshnessHours = deps.config.policy.maxScanAgeHours ?? DEFAULT_MAX_SCAN_AGE_HOURS;
  const staleCutoff = new Date(now.getTime() - freshnessHours * 3_600_000).toISOString();
  const [pending, stale] = await Promise.all([
    deps.store.listByStatus('PENDING', pendingCutoff, limit),
    deps.store.listByStatus('VERIFIED', staleCutoff, limit),
  ]);
  const report = {
    discovery: await discoverLostPushes(deps, limit),
    pending: pending.length,
    stale: stale.length,
    handedOff: 0,
    evaluated: 0,
    scansStarted: 0,
    failures: [] as string[],
  };
  report.failures.push(...report.discovery.failures);
  const trigger = { id: `reconcile:${now.toISOString()}`, at: now.toISOString() };
  for (const verdict of [...pending, ...stale]) {
    try {
      await revisit(deps, verdict, trigger, report);
    } catch (error) {
      report.failures.push(`${verdict.repository}@${verdict.digest}: ${(error as Error).message}`);
    }
  }
  return report;
}

async function revisit(
  deps: PipelineDeps,
  verdict: Verdict,
  trigger: { id: string; at: string },
  report: { handedOff: number; evaluated: number; scansStarted: number },
): Promise<void> {
  const image = { registry: verdict.registry, repository: verdict.repository, digest: verdict.digest };
  if (verdict.status === 'PENDING' && deps.scanStarter && deps.config.scanning.startScanOnPush) {
    const started = await deps.scanStarter.startScan(image);
    if (started.outcome === 'started') report.scansStarted += 1;
  }
  if (deps.signing) {
    await evaluateImage(deps, image, trigger);
    report.evaluated += 1;
  } else if (deps.handOff) {
    await deps.handOff({
      type: 'ReevaluationRequested',
      image,
      ...trigger,
      reason: `reconciler: ${verdict.status} since ${verdict.updatedAt}`,
    });
    report.handedOff += 1;
  }
}
