import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { Tracer } from '@aws-lambda-powertools/tracer';
import { POWERTOOLS_METRICS_NAMESPACE, POWERTOOLS_SERVICE_NAME } from './environment-names';
import { METRICS_NAMESPACE, SERVICE_NAME } from './metric-names';

const serviceName = process.env[POWERTOOLS_SERVICE_NAME] ?? SERVICE_NAME;

/**
 * One logger, metrics and tracer per function (Powertools for AWS Lambda): structured JSON logs with the
 * request id, EMF metrics in the `ImageTrust` namespace, X-Ray traces of the AWS SDK calls.
 */
export const logger = new Logger({ serviceName });
export const metrics = new Metrics({
  namespace: process.env[POWERTOOLS_METRICS_NAMESPACE] ?? METRICS_NAMESPACE,
  serviceName,
});
export const tracer = new Tracer({ serviceName });
