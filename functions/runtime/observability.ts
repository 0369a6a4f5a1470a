import { Tracer } from '@aws-lambda-powertools/tracer';
import { POWERTOOLS_SERVICE_NAME } from './environment-names';
import { SERVICE_NAME } from './metric-names';

export { logger, metrics } from './logging';

/**
 * The logger and metrics (logging.ts) and one tracer per function (Powertools for AWS Lambda): X-Ray
 * traces of the AWS SDK calls of the pipeline and admin functions. The lookup functions import
 * logging.ts only: no X-Ray SDK in their bundles.
 */
export const tracer = new Tracer({ serviceName: process.env[POWERTOOLS_SERVICE_NAME] ?? SERVICE_NAME });
