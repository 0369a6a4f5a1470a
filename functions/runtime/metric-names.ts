/**
 * The custom metrics the functions emit (Powertools EMF, observability.ts) and the alarms and dashboard
 * in lib/monitoring read. Powertools adds the dimension `service` = POWERTOOLS_SERVICE_NAME to each. No
 * imports: CDK code and Lambda bundles both take this file as it is.
 */
export const METRICS_NAMESPACE = 'ImageTrust';
export const SERVICE_NAME = 'image-trust';

/** The dimensions every image-trust metric carries. */
export const SERVICE_DIMENSIONS = { service: SERVICE_NAME } as const;

/** Verdicts recorded, one metric per status: `VerdictVERIFIED`, `VerdictREJECTED`, ... (Count). */
export const VERDICT_METRIC_PREFIX = 'Verdict';

/** Milliseconds from the push (the verdict's firstSeenAt) to a decided verdict. */
export const TIME_FROM_PUSH_TO_VERDICT = 'TimeFromPushToVerdict';

/** Messages parked on a dead-letter queue with their reason (Count). */
export const MESSAGES_PARKED = 'MessagesParked';

/** Per reconciler run: verdicts still PENDING past scanning.pendingTimeoutMinutes (Count). */
export const PENDING_TOO_LONG = 'PendingTooLong';

/** Per reconciler run: VERIFIED verdicts whose scan is older than the policy's freshness (Count). */
export const STALE_VERDICTS = 'StaleVerdicts';

/** Images revoked by hand through the admin API (Count). */
export const MANUAL_REVOCATIONS = 'ManualRevocations';

/** Re-evaluations asked for by hand through the admin API (Count). */
export const MANUAL_REEVALUATIONS = 'ManualReevaluations';

/** Gatekeeper provider answers that left a key open (`systemError`: Gatekeeper does not cache it) (Count). */
export const PROVIDER_OPEN_KEYS = 'ProviderOpenKeys';

/** AdmissionReview requests denied (Count). */
export const ADMISSION_DENIED = 'AdmissionDenied';

/** AdmissionReview requests allowed with warnings (`warn` mode) (Count). */
export const ADMISSION_WARNED = 'AdmissionWarned';

/** Denied objects admitted through break-glass, each use recorded (Count; alarmed on any). */
export const BREAK_GLASS_USED = 'BreakGlassUsed';

/**
 * VERIFIED verdict items a lookup denied because their signer's seal does not hold (VERDICT_UNSIGNED,
 * VERDICT_TAMPERED): someone wrote the table who is not the signer (Count; alarmed on any).
 */
export const VERDICT_SEAL_REFUSED = 'VerdictSealRefused';
