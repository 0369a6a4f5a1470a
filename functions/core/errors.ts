/**
 * The errors of image-trust: one base class with a `code`, a few categories, each with a `cause`.
 * Adapters translate SDK and HTTP failures into these at the edge; one table maps codes to HTTP
 * statuses (functions/http/http-errors.ts).
 */
export type ErrorCode =
  | 'INVALID_INPUT'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'UNAUTHORIZED'
  | 'THROTTLED'
  | 'UPSTREAM'
  | 'VERIFICATION_FAILED'
  | 'UNSUPPORTED';

export interface ErrorOptions {
  readonly cause?: unknown;
  /** Whether trying again later may succeed (throttling, 5xx, timeouts). */
  readonly retryable?: boolean;
}

export class ImageTrustError extends Error {
  readonly retryable: boolean;
  constructor(
    readonly code: ErrorCode,
    message: string,
    options: ErrorOptions = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.retryable = options.retryable ?? false;
  }
}

/** Input that can never be accepted as it is: a malformed event, a tag where a digest belongs. */
export class InvalidInputError extends ImageTrustError {
  constructor(message: string, options: ErrorOptions = {}) {
    super('INVALID_INPUT', message, options);
  }
}

/** An image reference that does not parse or is not allowed where it is used. */
export class InvalidReferenceError extends InvalidInputError {}

export class NotFoundError extends ImageTrustError {
  constructor(message: string, options: ErrorOptions = {}) {
    super('NOT_FOUND', message, options);
  }
}

/** A write lost a race or would move a record backwards. */
export class ConflictError extends ImageTrustError {
  constructor(message: string, options: ErrorOptions = {}) {
    super('CONFLICT', message, options);
  }
}

export class UnauthorizedError extends ImageTrustError {
  constructor(message: string, options: ErrorOptions = {}) {
    super('UNAUTHORIZED', message, options);
  }
}

/** A dependency (registry, KMS, ECR, DynamoDB) failed; `retryable` says whether to try again. */
export class UpstreamError extends ImageTrustError {
  constructor(message: string, options: ErrorOptions = {}) {
    super('UPSTREAM', message, options);
  }
}

/** A dependency refused for rate: always retryable. */
export class ThrottledError extends ImageTrustError {
  constructor(message: string, options: Omit<ErrorOptions, 'retryable'> = {}) {
    super('THROTTLED', message, { ...options, retryable: true });
  }
}

/** A signature or attestation that does not verify; `reasons` say why in words. */
export class VerificationError extends ImageTrustError {
  constructor(
    message: string,
    readonly reasons: readonly string[] = [message],
    options: ErrorOptions = {},
  ) {
    super('VERIFICATION_FAILED', message, options);
  }
}

export class UnsupportedError extends ImageTrustError {
  constructor(message: string, options: ErrorOptions = {}) {
    super('UNSUPPORTED', message, options);
  }
}
