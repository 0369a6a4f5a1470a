import type { RuntimeConfig } from '../../functions/core/config/runtime-config';
import type { ArtifactFormat } from '../../functions/core/signing/signature-formats';

/**
 * How many signer invocations may run at once without starving the account's ECR PutImage quota
 * (10 calls per second per account and region by default, shared with every CI pipeline that pushes).
 *
 * One signature writes, each with one PutImage call, what its formats ask for (putImageCallsPerSignature):
 *   1. the legacy cosign signature manifest       (tag `sha256-HEX.sig`)
 *   2. the vulnerability attestation manifest     (tag `sha256-HEX.att`)
 *   3. the Sigstore bundle referrer manifest      (cosign 3's format)
 *   4. the referrers fallback index               (tag `sha256-HEX`, where the registry has no referrers API)
 * so 2 PutImage calls with the default formats (1 and 2), at most 4 with one bundle format (6 with both);
 * PUT_IMAGE_CALLS_PER_SIGNATURE is the bound where the formats are not known. One image in flight (a worker signs one at a time at the default quota,
 * more as the quota allows: `signingRecordsInFlight`) is at least a dozen sequential registry round trips
 * (read the manifest, upload blobs, put, read back to verify) plus 3 KMS Sign calls and the DynamoDB
 * writes: against ECR, at least a second. So one image in flight makes at most 4 PutImage calls per
 * second, and
 *
 *   concurrency x calls/signature x 1 signature/s <= 80% x quota   (20% is left for CI pushes)
 *   with the default quota and formats: 4 x 2 x 1 = 8 <= 8 = 0.8 x 10
 *
 * KMS is far from its limit at that rate: 2 workers x 3 Sign/s = 6 of the 1,000 ECC Sign calls per
 * second an account has per region. Throttled PutImage calls are retried by the SDK with backoff, and a
 * message that keeps failing is retried by SQS (visibility timeout) before it reaches the dead-letter queue.
 */
export const PUT_IMAGE_CALLS_PER_SIGNATURE = 4;

/**
 * PutImage calls per subject for each format (functions/core/signing/signature-formats.ts): a bundle
 * referrer may need the referrers fallback index as well.
 */
const PUT_IMAGE_CALLS: Readonly<Record<ArtifactFormat, number>> = {
  signature: 1,
  attestation: 1,
  'signature-bundle': 2,
  'attestation-bundle': 2,
};

/**
 * The PutImage calls one signature makes with the configured formats: those of the costliest rule (the
 * default, `signature` + `attestation`, makes 2, half of the 4 the budget assumed before formats).
 */
export function putImageCallsPerSignature(formats: RuntimeConfig['signatureFormats']): number {
  const rules = [formats.default, ...formats.repositories.map((rule) => rule.formats)];
  return Math.max(1, ...rules.map((rule) => rule.reduce((calls, f) => calls + PUT_IMAGE_CALLS[f], 0)));
}
export const SIGNATURES_PER_SECOND_PER_WORKER = 1;
export const SIGNING_SHARE_OF_PUT_IMAGE_QUOTA = 0.8;
/** An SQS event source mapping's maximum concurrency cannot go below 2. */
export const MIN_EVENT_SOURCE_CONCURRENCY = 2;

/** The largest signing concurrency that keeps signing within its share of the PutImage quota. */
export function maxSigningConcurrency(
  putImagePerSecond: number,
  callsPerSignature = PUT_IMAGE_CALLS_PER_SIGNATURE,
): number {
  const perWorker = callsPerSignature * SIGNATURES_PER_SECOND_PER_WORKER;
  return Math.max(
    MIN_EVENT_SOURCE_CONCURRENCY,
    Math.floor((putImagePerSecond * SIGNING_SHARE_OF_PUT_IMAGE_QUOTA) / perWorker),
  );
}

/** Why a concurrency is too high, or undefined when it fits. */
export function signingConcurrencyProblem(
  concurrency: number,
  putImagePerSecond: number,
  callsPerSignature = PUT_IMAGE_CALLS_PER_SIGNATURE,
): string | undefined {
  const max = maxSigningConcurrency(putImagePerSecond, callsPerSignature);
  if (concurrency <= max) return undefined;
  return (
    `must be at most ${max} with quotas.ecrPutImagePerSecond ${putImagePerSecond}: each signature makes up to ` +
    `${callsPerSignature} PutImage calls, a worker signs about ${SIGNATURES_PER_SECOND_PER_WORKER} image per second, ` +
    `and signing may use ${SIGNING_SHARE_OF_PUT_IMAGE_QUOTA * 100}% of the quota; raise the ECR PutImage quota in Service ` +
    `Quotas first, then quotas.ecrPutImagePerSecond`
  );
}

/**
 * How many images one signer worker signs at once (RECORDS_IN_FLIGHT): the images in flight of all
 * `workers` together stay within signing's share of the PutImage quota, each in-flight image counted as
 * above (`callsPerSignature` calls, `SIGNATURES_PER_SECOND_PER_WORKER` signatures a second),
 * at least 1 and at most `batchSize` (a worker never holds more records than its batch):
 *
 *   workers x inFlight x calls/signature x 1 signature/s <= 80% x quota
 *   default quota 10/s and formats (2 calls): 2 workers x 2;  quota 100/s: 2 x 10
 *
 * Signing faster than that is a quota matter: raise ECR's PutImage quota, then quotas.ecrPutImagePerSecond.
 */
export function signingRecordsInFlight(
  putImagePerSecond: number,
  workers: number,
  batchSize: number,
  callsPerSignature = PUT_IMAGE_CALLS_PER_SIGNATURE,
): number {
  const perImage = callsPerSignature * SIGNATURES_PER_SECOND_PER_WORKER;
  const budget = Math.floor((putImagePerSecond * SIGNING_SHARE_OF_PUT_IMAGE_QUOTA) / (workers * perImage));
  return Math.min(batchSize, Math.max(1, budget));
}
