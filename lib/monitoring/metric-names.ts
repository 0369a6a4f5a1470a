/**
 * The custom metrics the functions emit (Powertools EMF, functions/runtime/observability.ts) and the
 * alarms and dashboard read. Powertools adds the dimension `service` = POWERTOOLS_SERVICE_NAME to each.
 * Change a name here and in the function code together.
 */
export const METRICS_NAMESPACE = 'ImageTrust';
export const SERVICE_NAME = 'image-trust';

/** The dimensions every image-trust metric carries. */
export const SERVICE_DIMENSIONS = { service: SERVICE_NAME } as const;

/** Verdicts recorded, one metric per status: `VerdictVERIFIED`, `VerdictREJECTED`, ... (Count). */
export const VERDICT_METRIC_PREFIX = 'Verdict';
export { VERDICT_STATUSES } from '../../functions/core/verdict/verdict';

/** Milliseconds from the push (the verdict's firstSeenAt) to a decided verdict. */
export const TIME_FROM_PUSH_TO_VERDICT = 'TimeFromPushToVerdict';

/** Messages parked on a dead-letter queue with their reason (Count). */
export const MESSAGES_PARKED = 'MessagesParked';

/** Per reconciler run: verdicts still PENDING past scanning.pendingTimeoutMinutes (Count). */
export const PENDING_TOO_LONG = 'PendingTooLong';

/** Per reconciler run: VERIFIED verdicts whose scan is older than the policy's freshness (Count). */
export const STALE_VERDICTS = 'StaleVerdicts';
