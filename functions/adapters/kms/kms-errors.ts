import {
  ImageTrustError,
  NotFoundError,
  ThrottledError,
  UnauthorizedError,
  UpstreamError,
} from '../../core/errors';
import type { SdkErrorShape } from '../sdk-error';

/** KMS SDK errors as image-trust errors, with the SDK error as cause. */
export function translateKmsError(error: unknown, what: string): ImageTrustError {
  if (error instanceof ImageTrustError) return error;
  const e = (error ?? {}) as SdkErrorShape;
  const detail = `${what}: ${e.name ?? 'Error'}: ${e.message ?? String(error)}`;
  switch (e.name) {
    case 'ThrottlingException':
    case 'LimitExceededException':
      return new ThrottledError(detail, { cause: error });
    case 'NotFoundException':
      return new NotFoundError(detail, { cause: error });
    case 'AccessDeniedException':
    case 'DisabledException':
    case 'KMSInvalidStateException':
    case 'InvalidKeyUsageException':
      return new UnauthorizedError(detail, { cause: error });
    default: {
      const retryable =
        e.$fault === 'server' || (e.$metadata?.httpStatusCode ?? 0) >= 500 || e.name === 'TimeoutError';
      return new UpstreamError(detail, { cause: error, retryable });
    }
  }
}
