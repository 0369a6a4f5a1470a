/**
 * The lookup use cases: "may this digest run?" for one reference or many, and the published public
 * key. Pure: the store, the configuration, the clock and the timeout are parameters (LookupDeps); no
 * AWS SDK. The Kubernetes admission paths built on them are in ../admission.
 */
export { lookupVerdict } from './lookup-verdict';
export { lookupMany, type LookupOutcome } from './lookup-many';
export { publishedPublicKey } from './published-public-key';
export { publishedKeySet } from './published-key-set';
export { LookupTimeoutError } from './with-timeout';
export type { LookupDeps } from './lookup-deps';
export {
  ANSWER_STATUSES,
  CHECK_RESULTS,
  LAYERS,
  type AnswerReason,
  type AnswerStatus,
  type CheckResult,
  type Layer,
  type VerdictAnswer,
} from './verdict-answer';
