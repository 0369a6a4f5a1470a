/**
 * The admin use cases: revoke an image by hand, ask for a re-evaluation. Pure: the store, the signer's
 * queue and the clock are parameters (AdminDeps); no AWS SDK. The lookup API never writes: these run
 * in their own function (functions/admin-api/).
 */
export type { AdminDeps } from './admin-deps';
export { adminKey, checkCaller, checkReason, MAX_CALLER_LENGTH, MAX_REASON_LENGTH } from './admin-input';
export { MANUAL_REASON_CODE, revokeImage, type RevocationResult } from './revoke-image';
export { requestReevaluation, type ReevaluationResult } from './request-reevaluation';
