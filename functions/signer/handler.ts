import { KMSClient } from '@aws-sdk/client-kms';
import { DynamoDbPublicKeyStore } from '../adapters/dynamodb/dynamodb-public-key-store';
import { KmsSigner } from '../adapters/kms/kms-signer';
import { imageSigning } from '../core/signing/image-signing';
import { awsRuntime, type AwsRuntime } from '../runtime/aws-pipeline-deps';
import { functionEnvironment } from '../runtime/environment';
import { logger, tracer } from '../runtime/observability';
import { sqsPipelineHandler } from '../runtime/sqs-pipeline-handler';

/** The pipeline's runtime and the KMS key it signs with, built once per cold start. */
function signerRuntime(): AwsRuntime & { readonly signer: KmsSigner } {
  const env = functionEnvironment('signer');
  const signer = new KmsSigner(tracer.captureAWSv3Client(new KMSClient({})), env.signingKeyId);
  const onSkipped = (what: string, reason: string) =>
    logger.warn('skipped an artifact written by someone else', { what, reason });
  return { ...awsRuntime(env, (registry) => imageSigning({ registry, signer, onSkipped })), signer };
}

/**
 * The signer: ECR Image Scan and Inspector2 Scan events, and hand-offs from the other functions, through
 * SQS. The only function that holds kms:Sign. On a cold start it publishes the key's public half in the
 * table, where the lookup API (which reads nothing else) serves it as cosign.pub.
 */
export const handler = sqsPipelineHandler(signerRuntime, async (rt) => {
  const publicKeys = new DynamoDbPublicKeyStore({ client: rt.dynamo, tableName: rt.tableName });
  await publicKeys.put(rt.signer.keyId, await rt.signer.publicKeyPem());
});
