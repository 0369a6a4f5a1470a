/** The OCI distribution HTTP adapter of the `Registry` port. */
export { OciRegistryClient, type OciRegistryClientOptions } from './oci-registry-client';
export {
  RequestCounter,
  type RegistryRequestEvent,
  type RequestKind,
  type RequestListener,
} from './request-counter';
export { DEFAULT_RETRY_POLICY, type RetryPolicy } from './retry';
export { DEFAULT_BODY_LIMITS, type BodyLimits } from './bounded-body';
export { RegistryResponseError, type RegistryErrorEntry } from './registry-errors';
export { MediaTypes, MANIFEST_ACCEPT } from '../../core/oci/media-types';
export { isLoopbackRegistry, registryBaseUrl } from './registry-transport';
export { referrersFallbackTag } from './digest';
export { sha256Digest } from '../../core/oci/digest';
