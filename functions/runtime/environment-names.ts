/**
 * The names of the environment variables the functions read, in one place: lib/ sets them (the construct
 * that owns a resource sets its variable together with the IAM grant) and functions/runtime/environment.ts
 * reads them. No imports: CDK code and Lambda bundles both take this file as it is.
 */

/** The runtime configuration (allowlist, policy, scanning, admission) as compact JSON, validated at synth. */
export const RUNTIME_CONFIG = 'IMAGE_TRUST_CONFIG';
/** The verdict table's name. */
export const TABLE_NAME = 'TABLE_NAME';
/** The signing key as KMS takes it: a key ARN or an alias name. Only the signer has it. */
export const SIGNING_KEY_ID = 'KEY_ID';
/**
 * The key set's other keys (besides KEY_ID, the active one) as JSON, e.g.
 * `[{"keyId":"alias/image-trust-2025","state":"verifying"}]`: published with their state; the signer
 * reads their public keys and never signs with them. Optional (none).
 */
export const OTHER_SIGNING_KEYS = 'OTHER_SIGNING_KEYS';
/** The signer's queue, where the other functions hand signing work and re-evaluations. */
export const SIGNER_QUEUE_URL = 'SIGNER_QUEUE_URL';
/** A queue-fed function's own dead-letter queue, where it parks messages that can never succeed. */
export const DEAD_LETTER_QUEUE_URL = 'DEAD_LETTER_QUEUE_URL';
/** The maxReceiveCount of a queue-fed function's queue: on the last delivery a failure is parked. */
export const MAX_RECEIVE_COUNT = 'MAX_RECEIVE_COUNT';
/**
 * How many records of one SQS batch a queue-fed function processes at once (optional, default 10): set
 * by the CDK with the event source (lib/pipeline/work-queue.ts), for the signer from its PutImage budget.
 */
export const RECORDS_IN_FLIGHT = 'RECORDS_IN_FLIGHT';
/** The lookup API's budget per answer, in milliseconds (optional). */
export const LOOKUP_TIMEOUT_MS = 'LOOKUP_TIMEOUT_MS';
/** The lookup API's accepted client certificate subjects: a JSON array of DNs (absent or empty: none, every certificate refused). */
export const MTLS_ALLOWED_SUBJECTS = 'MTLS_ALLOWED_SUBJECTS';
/** The admission webhook's credential secret (ARN): `{"current","previous"?}`, read by that function only. */
export const WEBHOOK_CREDENTIAL_SECRET = 'WEBHOOK_CREDENTIAL_SECRET_ARN';
/** Powertools: the `service` dimension of every metric and the service of every log line. */
export const POWERTOOLS_SERVICE_NAME = 'POWERTOOLS_SERVICE_NAME';
/** Powertools: the CloudWatch namespace of the EMF metrics. */
export const POWERTOOLS_METRICS_NAMESPACE = 'POWERTOOLS_METRICS_NAMESPACE';
/** Node.js options (source maps). */
export const NODE_OPTIONS = 'NODE_OPTIONS';
/**
 * The keys whose seals a lookup trusts: a JSON array of KMS key ids (ARN or alias), the signing key
 * and the key set's `verifying` keys, e.g. `["arn:aws:kms:...:key/...","alias/image-trust-2025"]`.
 * The lookup reads each public key from KMS once per container; never from the table.
 */
export const SEAL_KEY_IDS = 'SEAL_KEY_IDS';
