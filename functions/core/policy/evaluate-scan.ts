import { InvalidInputError } from '../errors';
import { repositoryFromArn } from '../reference/repository-arn';
import { SEVERITIES, type ScanSummary, type Severity } from '../scan/scan-summary';
import { applyExceptions } from './apply-exceptions';
import { checkLimits, describeLimits } from './check-limits';
import { checkScan } from './check-scan';
import { decisionValidity } from './decision-validity';
import type { CompiledPolicy, RuleSet } from './compiled-policy';
import { plural } from './describe-finding';
import type { PolicyDecision, PolicyOutcome, Reason } from './policy-decision';

/** What to evaluate: the scan (if any) of an image in a repository, at a given time. */
export interface EvaluateScanInput {
  /** The repository name (`team-a/api`); a repository ARN is accepted and reduced to its name. */
  readonly repository: string;
  /** The scan to judge; undefined when there is none yet. */
  readonly scan: ScanSummary | undefined;
  /** The time of evaluation: freshness and exception expiry are judged against it. */
  readonly now: Date;
}

const EFFECT_ORDER: Readonly<Record<Reason['effect'], number>> = { fail: 0, pending: 1, note: 2 };

/**
 * Judges a scan by a compiled policy. `fail` when any rule fails (a limit broken, a stale or invalid
 * scan); else `pending` when a required scan is missing (or is an untrusted Trivy report); else `pass`.
 * Reasons come failing ones first, then pending, then notes. A pass judged on a scan carries its
 * `validity` (when it goes stale, when it stops passing). Pure and deterministic given `now`.
 *
 * @throws InvalidInputError when the repository is not a valid name (or ARN) or `now` is not a time
 */
export function evaluateScan(policy: CompiledPolicy, input: EvaluateScanInput): PolicyDecision {
  const repository = repositoryFromArn(input.repository).name;
  const nowMs = input.now.getTime();
  if (!Number.isFinite(nowMs)) {
    throw new InvalidInputError('evaluateScan: now is not a valid Date');
  }
  const rules = policy.rulesFor(repository);
  const judgeAt = (atMs: number) => judge(policy, rules, repository, input.scan, atMs);
  const { outcome, reasons, judgedScan } = judgeAt(nowMs);
  return {
    outcome,
    policyVersion: policy.version,
    repository,
    rules: rules.source,
    evaluatedAt: input.now.toISOString(),
    reasons,
    ...(outcome === 'pass' && judgedScan !== undefined
      ? { validity: decisionValidity(rules, repository, judgedScan, nowMs, judgeAt) }
      : {}),
  };
}

/** The outcome and the sorted reasons of one scan under one rule set at one instant. */
function judge(
  policy: CompiledPolicy,
  rules: RuleSet,
  repository: string,
  scan: ScanSummary | undefined,
  nowMs: number,
): { outcome: PolicyOutcome; reasons: readonly Reason[]; judgedScan?: ScanSummary } {
  const checked = checkScan(policy, rules, repository, scan, nowMs);
  const reasons: Reason[] = [...checked.reasons];
  let withinLimits: Reason | undefined;
  if (checked.scan !== undefined) {
    const split = applyExceptions(checked.scan.findings, rules, repository, nowMs);
    const limits = checkLimits(checked.scan, split, rules);
    reasons.push(...limits.reasons, ...split.reasons);
    withinLimits = summary(policy, rules, limits.counts, split.excepted.length);
  }
  const outcome = outcomeOf(reasons);
  if (outcome === 'pass' && withinLimits !== undefined) reasons.push(withinLimits);
  return {
    outcome,
    reasons: reasons
      .map((reason, index) => ({ reason, index }))
      .sort((a, b) => EFFECT_ORDER[a.reason.effect] - EFFECT_ORDER[b.reason.effect] || a.index - b.index)
      .map(({ reason }) => reason),
    ...(checked.scan === undefined ? {} : { judgedScan: checked.scan }),
  };
}

function outcomeOf(reasons: readonly Reason[]): PolicyOutcome {
  if (reasons.some((r) => r.effect === 'fail')) return 'fail';
  if (reasons.some((r) => r.effect === 'pending')) return 'pending';
  return 'pass';
}

function summary(
  policy: CompiledPolicy,
  rules: RuleSet,
  counts: Readonly<Partial<Record<Severity, number>>>,
  excepted: number,
): Reason {
  const perSeverity = SEVERITIES.flatMap((s) => (counts[s] === undefined ? [] : [`${counts[s]} ${s}`]));
  const total = SEVERITIES.reduce((sum, s) => sum + (counts[s] ?? 0), 0);
  const found = total === 0 ? 'no findings' : `${plural(total, 'finding')} (${perSeverity.join(', ')})`;
  const exceptedText = excepted === 0 ? '' : ` and ${excepted} excepted`;
  return {
    code: 'WITHIN_LIMITS',
    effect: 'note',
    message: `${found}${exceptedText}: within the limits ${describeLimits(rules)} (policy ${JSON.stringify(policy.version)}, ${rules.source})`,
    cveIds: [],
  };
}
