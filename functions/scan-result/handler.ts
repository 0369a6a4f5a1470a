import { KMSClient } from '@aws-sdk/client-kms';
import { KmsSigner } from '../adapters/kms/kms-signer';
import { awsRuntime } from '../runtime/aws-pipeline-deps';
import { tracer } from '../runtime/observability';
import { sqsPipelineHandler } from '../runtime/sqs-pipeline-handler';

/**
 * The signer: ECR Image Scan and Inspector2 Scan events, and hand-offs from the other functions, through
 * SQS. The only function that holds kms:Sign.
 */
export const handler = sqsPipelineHandler(() =>
  awsRuntime(new KmsSigner(tracer.captureAWSv3Client(new KMSClient({})), process.env.KEY_ID ?? '')),
);
