import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import { awsRuntime } from '../runtime/aws-pipeline-deps';
import { functionEnvironment } from '../runtime/environment';
import { tracer } from '../runtime/observability';
import { sqsPipelineHandler } from '../runtime/sqs-pipeline-handler';

/**
 * Events that arrive before or after the signer's work, through SQS, for two Lambda functions that share
 * this code and differ in their queue and role: ECR Image Action (PUSH, DELETE: record, skip our own
 * artifacts, start scans) and Inspector2 Finding (revoke a verified image whose policy now fails; restore
 * on closure). Signing work is handed to the signer's queue.
 */
export const handler = sqsPipelineHandler(() =>
  awsRuntime(functionEnvironment('event-intake'), {
    traceClient: (client) => tracer.captureAWSv3Client(client),
  }),
).use(captureLambdaHandler(tracer));
