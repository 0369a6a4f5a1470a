import { awsRuntime } from '../runtime/aws-pipeline-deps';
import { sqsPipelineHandler } from '../runtime/sqs-pipeline-handler';

/** Inspector2 Finding through SQS: revoke a verified image whose policy now fails; restore on closure. */
export const handler = sqsPipelineHandler(() => awsRuntime());
