import { awsRuntime } from '../runtime/aws-pipeline-deps';
import { sqsPipelineHandler } from '../runtime/sqs-pipeline-handler';

/** ECR Image Action (PUSH, DELETE) from EventBridge through SQS: record, skip our artifacts, start scans. */
export const handler = sqsPipelineHandler(() => awsRuntime());
