import { ConflictError, ImageTrustError, ThrottledError, UpstreamError } from '../../core/errors';
import type { SdkErrorShape } from '../sdk-error';

interface SdkError extends SdkErrorShape {
  readonly CancellationReasons?: readonly { readonly Code?: string }[];
}

const THROTTLING = new Set([
  'ProvisionedThroughputExceededException',
  'ThrottlingException',
  'RequestLimitExceeded',
]);
/** Cancellation reason codes of TransactWriteItems that mean throttling. */
const THROTTLING_REASONS = new Set([
  'ThrottlingError',
  'ProvisionedThroughputExceeded',
  'RequestLimitExceeded',
]);
/** Cancellation reason codes that mean another writer got there first. */
const RACE_REASONS = new Set(['ConditionalCheckFailed', 'TransactionConflict']);
const NETWORK_FAILURE = /\b(ECONNREFUSED|ECONNRESET|ETIMEDOUT|EPIPE|EAI_AGAIN|socket hang up)\b/;

/**
 * Whether a write failed because another writer changed the item first (its condition no longer
 * holds, or a concurrent transaction held it): read again and retry. Throttling inside a cancelled
 * transaction is not a race.
 */
export function isLostRace(error: unknown): boolean {
  const e = asSdkError(error);
  if (e.name === 'ConditionalCheckFailedException' || e.name === 'TransactionConflictException') return true;
  if (e.name !== 'TransactionCanceledException') return false;
  const codes = reasonCodes(e);
  return codes.some((c) => RACE_REASONS.has(c)) && !codes.some((c) => THROTTLING_REASONS.has(c));
}

/**
 * DynamoDB SDK errors as image-trust errors, with the SDK error as `cause`: a failed condition or a
 * cancelled transaction for that reason is a ConflictError, throttling (also inside a cancelled
 * transaction) a ThrottledError, anything else an UpstreamError (retryable for 5xx and network errors).
 */
export function translateDynamoDbError(error: unknown, what: string): ImageTrustError {
  if (error instanceof ImageTrustError) return error;
  const e = asSdkError(error);
  const codes = reasonCodes(e);
  const detail = `${what}: ${e.name ?? 'Error'}: ${e.message ?? String(error)}${codes.length ? ` [${codes.join(', ')}]` : ''}`;
  if (THROTTLING.has(e.name ?? '') || codes.some((c) => THROTTLING_REASONS.has(c))) {
    return new ThrottledError(detail, { cause: error });
  }
  if (isLostRace(error)) return new ConflictError(detail, { cause: error });
  return new UpstreamError(detail, { cause: error, retryable: isTransient(e) });
}

/** A 5xx, a timeout, or no HTTP answer at all (the SDK wraps network errors without a status). */
function isTransient(e: SdkError): boolean {
  const noAnswer =
    e.$metadata !== undefined && e.$metadata.httpStatusCode === undefined && e.$fault === undefined;
  return (
    e.$fault === 'server' ||
    (e.$metadata?.httpStatusCode ?? 0) >= 500 ||
    e.name === 'TimeoutError' ||
    noAnswer ||
    NETWORK_FAILURE.test(`${e.code ?? ''} ${e.message ?? ''}`)
  );
}

function reasonCodes(e: SdkError): string[] {
  return (e.CancellationReasons ?? []).flatMap((r) => (r.Code && r.Code !== 'None' ? [r.Code] : []));
}

function asSdkError(error: unknown): SdkError {
  return typeof error === 'object' && error !== null ? (error as SdkError) : {};
}
