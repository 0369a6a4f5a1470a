import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { Tracer } from '@aws-lambda-powertools/tracer';

/**
 * One logger, metrics and tracer per function (Powertools for AWS Lambda): structured JSON logs with the
 * request id, EMF metrics in the `ImageTrust` namespace, X-Ray traces of the AWS SDK calls.
 */
export const logger = new Logger({ serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'image-trust' });
export const metrics = new Metrics({
  namespace: process.env.POWERTOOLS_METRICS_NAMESPACE ?? 'ImageTrust',
  serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'image-trust',
});
export const tracer = new Tracer({ serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'image-trust' });
