/**
 * Translates what the ECR SDK client throws (service exceptions, credential and network failures) into
 * the errors of functions/core/errors.ts, keeping the original as `cause`.
 */
import {
  ImageTrustError,
  NotFoundError,
  ThrottledError,
  UnauthorizedError,
  UpstreamError,
} from '../../core/errors';
import type { SdkErrorShape } from '../sdk-error';

const THROTTLING = new Set([
  'ThrottlingException',
  'Throttling',
  'ThrottledException',
  'TooManyRequestsException',
  'RequestLimitExceeded',
  'RequestThrottled',
  'RequestThrottledException',
]);

const UNAUTHORIZED = new Set([
  'AccessDeniedException',
  'AccessDenied',
  'UnrecognizedClientException',
  'InvalidSignatureException',
  'SignatureDoesNotMatch',
  'ExpiredTokenException',
  'ExpiredToken',
  'InvalidClientTokenId',
  'MissingAuthenticationTokenException',
  'CredentialsProviderError',
]);

const NOT_FOUND = new Set(['RepositoryNotFoundException', 'ImageNotFoundException', 'ScanNotFoundException']);

/** Network failures worth another try. */
const TRANSIENT_NETWORK = new Set([
  'TimeoutError',
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EAI_AGAIN',
]);

/**
 * One of our errors for a failed ECR call; `action` says what was attempted (`GetAuthorizationToken
 * for 123456789012.dkr.ecr.eu-west-1.amazonaws.com`).
 */
export function translateEcrError(error: unknown, action: string): ImageTrustError {
  if (error instanceof ImageTrustError) return error;
  const sdk: SdkErrorShape = typeof error === 'object' && error !== null ? error : {};
  const name = sdk.name ?? 'Error';
  const status = sdk.$metadata?.httpStatusCode;
  const message = `${action} failed: ${name}: ${sdk.message ?? String(error)}`;
  const options = { cause: error };
  if (THROTTLING.has(name) || sdk.$retryable?.throttling === true || status === 429)
    return new ThrottledError(message, options);
  if (UNAUTHORIZED.has(name) || status === 401 || status === 403)
    return new UnauthorizedError(message, options);
  if (NOT_FOUND.has(name)) return new NotFoundError(message, options);
  if (name === 'ServerException' || sdk.$fault === 'server' || (status !== undefined && status >= 500))
    return new UpstreamError(message, { ...options, retryable: true });
  if (TRANSIENT_NETWORK.has(name) || (sdk.code !== undefined && TRANSIENT_NETWORK.has(sdk.code)))
    return new UpstreamError(message, { ...options, retryable: true });
  return new UpstreamError(message, { ...options, retryable: false });
}
