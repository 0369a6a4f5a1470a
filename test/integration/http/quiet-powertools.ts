/**
 * Import first in API tests: Powertools reads these when functions/runtime/observability.ts creates
 * its logger and metrics, so the handler under test neither logs nor prints EMF metrics.
 */
process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
process.env.POWERTOOLS_METRICS_DISABLED = 'true';
process.env.POWERTOOLS_METRICS_NAMESPACE = 'ImageTrustTest';

export {};
