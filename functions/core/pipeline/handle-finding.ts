import type { FindingChanged } from '../events/pipeline-event';
import { evaluateScan } from '../policy/evaluate-scan';
import type { ScanSummary } from '../scan/scan-summary';
import { spreadToIndexes } from './derive-index';
import { evaluateImage } from './evaluate-image';
import type { PipelineDeps, PipelineOutcome } from './pipeline-deps';
import { verdictReasons } from './record-decision';
import { record } from './record';

/**
 * Inspector reported a finding on an image. Only decided images concern it (a PENDING one is judged when
 * its scan completes). On a VERIFIED image the policy is evaluated again with the current findings (the
 * new one included even if the findings API lags): if it now fails, the verdict is REVOKED naming the
 * CVE, and so is every index holding it. On a REVOKED image, a CLOSED or SUPPRESSED finding re-runs the
 * full evaluation, which restores it only on evidence newer than the revocation.
 */
export async function handleFinding(deps: PipelineDeps, event: FindingChanged): Promise<PipelineOutcome> {
  const current = await deps.store.get(event.image);
  if (!current || (current.status !== 'VERIFIED' && current.status !== 'REVOKED')) {
    return {
      action: 'skipped',
      detail: `no decided verdict to revisit (${current?.status ?? 'unknown image'})`,
    };
  }
  if (current.status === 'REVOKED') {
    if (event.status === 'ACTIVE') return { action: 'unchanged', status: current.status };
    // The evaluation is stamped with its scan's time: it restores only on a scan newer than the
    // revocation, and never one revoked by hand (the state machine holds those for an operator).
    const outcome = await evaluateImage(deps, event.image, event);
    return outcome.action === 'verified' ? { ...outcome, action: 'restored' } : outcome;
  }
  if (event.status !== 'ACTIVE') return { action: 'unchanged', status: current.status };

  const scan = withFinding(await deps.scans.readScan(event.image), event);
  const decision = evaluateScan(deps.policy, { repository: event.image.repository, scan, now: deps.now() });
  if (decision.outcome !== 'fail') return { action: 'unchanged', status: current.status };
  const failing = decision.reasons.filter((r) => r.effect === 'fail');
  const { verdict } = await record(deps, event.image, {
    type: 'Revoked',
    id: event.id,
    at: event.at,
    reasons: verdictReasons(failing).map((r) => ({ ...r, code: `REVOKED_${r.code}` })),
  });
  await spreadToIndexes(deps, event.image);
  return {
    action: 'revoked',
    status: verdict.status,
    detail: `${event.finding.id} (${event.finding.severity})`,
  };
}

/** The scan with the event's finding in it, in case the findings API has not caught up yet. */
function withFinding(scan: ScanSummary | undefined, event: FindingChanged): ScanSummary {
  const base: ScanSummary = scan ?? {
    source: 'inspector',
    scanner: { uri: 'https://aws.amazon.com/inspector/', version: '2' },
    completedAt: event.at,
    severityCounts: {},
    findings: [],
  };
  if (base.findings.some((f) => f.id === event.finding.id)) return base;
  const severity = event.finding.severity;
  return {
    ...base,
    completedAt: laterIso(base.completedAt, event.at),
    findings: [...base.findings, event.finding],
    severityCounts: { ...base.severityCounts, [severity]: (base.severityCounts[severity] ?? 0) + 1 },
  };
}

const laterIso = (a: string, b: string): string => (Date.parse(b) > Date.parse(a) ? b : a);
