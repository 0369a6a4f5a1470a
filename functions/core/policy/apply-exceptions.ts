import type { Finding } from '../scan/scan-summary';
import type { CompiledException, RuleSet } from './compiled-policy';
import { listFindings, plural, uniqueIds } from './describe-finding';
import type { Reason } from './policy-decision';

/** The findings split by the exceptions of a rule set. */
export interface ExceptionResult {
  /** Findings that count against the limits. */
  readonly counted: readonly Finding[];
  /** Findings an unexpired exception removed. */
  readonly excepted: readonly Finding[];
  /** EXCEPTION_APPLIED for each exception used, EXCEPTION_EXPIRED for each expired one that was needed. */
  readonly reasons: readonly Reason[];
}

/**
 * Removes the findings that an exception covers: same id (ignoring case), a repository the exception
 * names (or any, when it names none), and not expired at `now` (an exception is expired from its
 * `expires` instant on). When several exceptions cover a finding, the first unexpired one is used.
 * An expired exception only shows up when a finding would otherwise have been removed by it.
 */
export function applyExceptions(
  findings: readonly Finding[],
  rules: RuleSet,
  repository: string,
  nowMs: number,
): ExceptionResult {
  const relevant = rules.exceptions.filter((e) => e.appliesTo(repository));
  const counted: Finding[] = [];
  const excepted: Finding[] = [];
  const used = new Map<CompiledException, Finding[]>();
  const expired = new Map<CompiledException, Finding[]>();
  for (const finding of findings) {
    const id = finding.id.toUpperCase();
    const matching = relevant.filter((e) => e.id === id);
    const active = matching.find((e) => nowMs < e.expiresAtMs);
    if (active !== undefined) {
      excepted.push(finding);
      push(used, active, finding);
    } else {
      counted.push(finding);
      for (const e of matching) push(expired, e, finding);
    }
  }
  const reasons: Reason[] = [
    ...[...used].map(([e, covered]) => applied(e, covered)),
    ...[...expired].map(([e, covered]) => expiredReason(e, covered)),
  ];
  return { counted, excepted, reasons };
}

function push(map: Map<CompiledException, Finding[]>, key: CompiledException, finding: Finding): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [finding]);
  else list.push(finding);
}

function applied(exception: CompiledException, covered: readonly Finding[]): Reason {
  return {
    code: 'EXCEPTION_APPLIED',
    effect: 'note',
    message:
      `${listFindings(covered)}: ${plural(covered.length, 'finding')} excepted until ${exception.expires} ` +
      `by ${exception.origin}, because ${JSON.stringify(exception.reason)}`,
    cveIds: uniqueIds(covered),
  };
}

function expiredReason(exception: CompiledException, covered: readonly Finding[]): Reason {
  return {
    code: 'EXCEPTION_EXPIRED',
    effect: 'note',
    message:
      `${listFindings(covered)}: the exception ${exception.origin} expired at ${exception.expires}, ` +
      `so ${covered.length === 1 ? 'this finding counts' : `these ${covered.length} findings count`} again`,
    cveIds: uniqueIds(covered),
  };
}
