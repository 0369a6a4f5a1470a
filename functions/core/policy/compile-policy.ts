import { SEVERITIES, type Severity } from '../scan/scan-summary';
import type { CompiledException, CompiledPolicy, RuleSet } from './compiled-policy';
import { compileGlob, type RepositoryGlob } from './glob';
import { parsePolicy } from './parse-policy';
import type { PolicyDocument, PolicyException, RepositoryOverride } from './policy-schema';

/**
 * Validates a policy document (object or JSON text) and compiles it: patterns compiled, each override
 * merged over the defaults once, exception expiry times parsed. Merging: a field an override sets
 * replaces the default; `severityLimits` merge per severity (`null` lifts a limit); `maxScore: null`
 * lifts the score limit; the override's exceptions are added to the policy's.
 *
 * @throws PolicyValidationError listing every problem of the document
 */
export function compilePolicy(doc: unknown): CompiledPolicy {
  const document = parsePolicy(doc);
  const defaults = defaultRules(document);
  const overrides = document.repositoryOverrides.map((override, index) => ({
    glob: compileGlob(override.pattern),
    rules: mergeOverride(defaults, override, index),
  }));
  const trustTrivy = document.trustTrivyReportFor.map(compileGlob);
  return {
    version: document.version,
    document,
    rulesFor: (repository) => overrides.find((o) => o.glob.matches(repository))?.rules ?? defaults,
    trustsTrivyReportFor: (repository) => trustTrivy.some((glob) => glob.matches(repository)),
  };
}

function defaultRules(document: PolicyDocument): RuleSet {
  return {
    source: 'defaults',
    requireScan: document.requireScan,
    maxScanAgeHours: document.maxScanAgeHours,
    staleGraceHours: document.staleGraceHours,
    onStale: document.onStale,
    severityLimits: definedLimits(document.severityLimits),
    ...(document.maxScore === undefined ? {} : { maxScore: document.maxScore }),
    exceptions: document.exceptions.map((e, i) => compileException(e, `exceptions[${i}]`)),
  };
}

function mergeOverride(defaults: RuleSet, override: RepositoryOverride, index: number): RuleSet {
  const where = `repositoryOverrides[${index}]`;
  const limits: Partial<Record<Severity, number | null>> = {
    ...defaults.severityLimits,
    ...override.severityLimits,
  };
  const maxScore = override.maxScore === undefined ? defaults.maxScore : override.maxScore;
  return {
    source: `${where} '${override.pattern}'`,
    requireScan: override.requireScan ?? defaults.requireScan,
    maxScanAgeHours: override.maxScanAgeHours ?? defaults.maxScanAgeHours,
    staleGraceHours: override.staleGraceHours ?? defaults.staleGraceHours,
    onStale: override.onStale ?? defaults.onStale,
    severityLimits: definedLimits(limits),
    ...(maxScore === undefined || maxScore === null ? {} : { maxScore }),
    exceptions: [
      ...defaults.exceptions,
      ...(override.exceptions ?? []).map((e, i) => compileException(e, `${where}.exceptions[${i}]`)),
    ],
  };
}

/** The limits that are numbers, in severity order; absent and `null` mean unlimited. */
function definedLimits(
  limits: Readonly<Partial<Record<Severity, number | null | undefined>>>,
): Partial<Record<Severity, number>> {
  const out: Partial<Record<Severity, number>> = {};
  for (const severity of SEVERITIES) {
    const value = limits[severity];
    if (typeof value === 'number') out[severity] = value;
  }
  return out;
}

function compileException(exception: PolicyException, origin: string): CompiledException {
  const repositories: readonly RepositoryGlob[] | undefined = exception.repositories?.map(compileGlob);
  return {
    id: exception.id.toUpperCase(),
    reason: exception.reason,
    expires: exception.expires,
    expiresAtMs: Date.parse(exception.expires),
    origin,
    appliesTo: (repository) => repositories === undefined || repositories.some((g) => g.matches(repository)),
  };
}
