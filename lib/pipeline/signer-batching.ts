import type { RuntimeConfig } from '../../functions/core/config/runtime-config';
import type { DeploymentConfig } from '../config/deployment-config-schema';
import { putImageCallsPerSignature, signingRecordsInFlight } from '../config/signing-budget';

/**
 * The largest batch an SQS event source sends without a batching window. Lambda takes up to 10,000
 * records per batch from a standard queue, but above 10 only with `MaximumBatchingWindowInSeconds` of at
 * least 1 s (up to 300 s), and every invocation's payload within 6 MB (docs.aws.amazon.com/lambda/latest/dg/
 * services-sqs-parameters.html, with-sqs.html). A worker signs at most 10 images at once at any quota we
 * budget for without a window: 10, no window, so a lone image is signed at once.
 */
export const SIGNER_BATCH_SIZE = 10;
/** The largest batch (and records in flight) with a batching window, whatever the quota allows. */
export const MAX_WINDOWED_SIGNER_BATCH_SIZE = 100;

/** How the signer's queue feeds it: batch size, workers, and images signed at once in each worker. */
export interface SignerBatching {
  readonly batchSize: number;
  /** The event source's maximum concurrency: signer invocations at once. */
  readonly maxConcurrency: number;
  /** Records of a batch processed at once in one worker (RECORDS_IN_FLIGHT). */
  readonly recordsInFlight: number;
  /** MaximumBatchingWindowInSeconds; 0: none. */
  readonly maxBatchingWindowSeconds: number;
}

/**
 * The signer's event source settings for a deployment, within its PutImage budget (signing-budget.ts).
 * With `signerBatchingWindowSeconds` of 1 or more, a batch holds what one worker may sign at once (at
 * least 10, at most MAX_WINDOWED_SIGNER_BATCH_SIZE): at a quota of 100/s with 2 workers, 20.
 */
export function signerBatching(
  config: Pick<DeploymentConfig, 'signingConcurrency' | 'quotas'> & {
    readonly runtime: Pick<RuntimeConfig, 'signatureFormats'>;
    readonly signerBatchingWindowSeconds?: number;
  },
): SignerBatching {
  const window = config.signerBatchingWindowSeconds ?? 0;
  const recordsInFlight = signingRecordsInFlight(
    config.quotas.ecrPutImagePerSecond,
    config.signingConcurrency,
    window >= 1 ? MAX_WINDOWED_SIGNER_BATCH_SIZE : SIGNER_BATCH_SIZE,
    putImageCallsPerSignature(config.runtime.signatureFormats),
  );
  return {
    batchSize: window >= 1 ? Math.max(SIGNER_BATCH_SIZE, recordsInFlight) : SIGNER_BATCH_SIZE,
    maxConcurrency: config.signingConcurrency,
    recordsInFlight,
    maxBatchingWindowSeconds: window,
  };
}
