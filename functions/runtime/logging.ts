import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { POWERTOOLS_METRICS_NAMESPACE, POWERTOOLS_SERVICE_NAME } from './environment-names';
import { METRICS_NAMESPACE, SERVICE_NAME } from './metric-names';

const serviceName = process.env[POWERTOOLS_SERVICE_NAME] ?? SERVICE_NAME;

/**
 * One logger and one metrics per function (Powertools for AWS Lambda): structured JSON logs with the
 * request id, EMF metrics in the `ImageTrust` namespace. Without the tracer (observability.ts), so that
 * the lookup functions, traced by Lambda's active tracing alone, do not bundle the X-Ray SDK.
 */
export const logger = new Logger({ serviceName });
export const metrics = new Metrics({
  namespace: process.env[POWERTOOLS_METRICS_NAMESPACE] ?? METRICS_NAMESPACE,
  serviceName,
});
