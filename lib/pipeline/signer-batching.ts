import type { RuntimeConfig } from '../../functions/core/config/runtime-config';
import type { DeploymentConfig } from '../config/deployment-config-schema';
import { putImageCallsPerSignature, signingRecordsInFlight } from '../config/signing-budget';

/**
 * The largest batch an SQS event source sends without a batching window. Lambda takes up to 10,000
 * records per batch from a standard queue, but above 10 only with `MaximumBatchingWindowInSeconds` of at
 * least 1 s (up to 300 s), and every invocation's payload within 6 MB (docs.aws.amazon.com/lambda/latest/dg/
 * services-sqs-parameters.html, with-sqs.html). A worker signs at most 10 images at once at any quota we
 * budget for, so a larger batch would only wait: 10, no window, so a lone image is signed at once.
 */
export const SIGNER_BATCH_SIZE = 10;

/** How the signer's queue feeds it: batch size, workers, and images signed at once in each worker. */
export interface SignerBatching {
  readonly batchSize: number;
  /** The event source's maximum concurrency: signer invocations at once. */
  readonly maxConcurrency: number;
  /** Records of a batch processed at once in one worker (RECORDS_IN_FLIGHT). */
  readonly recordsInFlight: number;
}

/** The signer's event source settings for a deployment, within its PutImage budget (signing-budget.ts). */
export function signerBatching(
  config: Pick<DeploymentConfig, 'signingConcurrency' | 'quotas'> & {
    readonly runtime: Pick<RuntimeConfig, 'signatureFormats'>;
  },
): SignerBatching {
  return {
    batchSize: SIGNER_BATCH_SIZE,
    maxConcurrency: config.signingConcurrency,
    recordsInFlight: signingRecordsInFlight(
      config.quotas.ecrPutImagePerSecond,
      config.signingConcurrency,
      SIGNER_BATCH_SIZE,
      putImageCallsPerSignature(config.runtime.signatureFormats),
    ),
  };
}
