/**
 * The Kubernetes admission answers, built on the lookup use cases (../lookup): a Gatekeeper
 * external-data request and an AdmissionReview. Pure: they take LookupDeps; no AWS SDK.
 */
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
