/**
 * The vulnerability policy: parse and validate a document (parse-policy, policy-schema), compile it
 * once (compile-policy), evaluate scans with it many times (evaluate-scan).
 */
export { compilePolicy } from './compile-policy';
export type { CompiledException, CompiledPolicy, RuleSet } from './compiled-policy';
export { evaluateScan, type EvaluateScanInput } from './evaluate-scan';
export { compileGlob, globProblem, matchesGlob, type RepositoryGlob } from './glob';
export { parsePolicy } from './parse-policy';
export type { DecisionValidity, Expiring } from './decision-validity';
export type { PolicyDecision, PolicyOutcome, Reason, ReasonCode, ReasonEffect } from './policy-decision';
export { formatPolicyError, PolicyValidationError } from './policy-error';
export {
  DEFAULT_MAX_SCAN_AGE_HOURS,
  policySchema,
  type PolicyDocument,
  type PolicyException,
  type PolicyInput,
  type RepositoryOverride,
} from './policy-schema';
