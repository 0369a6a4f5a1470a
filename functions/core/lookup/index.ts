/**
 * The lookup use cases: "may this digest run?" for one reference, many, a Gatekeeper external-data
 * request and a Kubernetes AdmissionReview, plus the published public key. Pure: the store, the
 * configuration, the clock and the timeout are parameters (LookupDeps); no AWS SDK.
 */
export { lookupVerdict } from './lookup-verdict';
export { lookupMany, type LookupOutcome } from './lookup-many';
export {
  answerGatekeeper,
  PROVIDER_API_VERSION,
  type ProviderItem,
  type ProviderRequest,
  type ProviderResponse,
} from './answer-gatekeeper';
export { reviewAdmission } from './review-admission';
export {
  ADMISSION_API_VERSION,
  type AdmissionRequest,
  type AdmissionResponse,
  type AdmissionReview,
  type AdmissionReviewAnswer,
} from './admission-review';
export { CONTAINER_LISTS, imagesOf, MAX_CONTAINERS_PER_OBJECT, POD_SPEC_PATHS } from './admission-images';
export { MAX_WARNING_LENGTH } from './admission-messages';
export { publishedPublicKey } from './published-public-key';
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
