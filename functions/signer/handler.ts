import { KMSClient } from '@aws-sdk/client-kms';
import { DynamoDbPublicKeyStore } from '../adapters/dynamodb/dynamodb-public-key-store';
import { KmsSigner } from '../adapters/kms/kms-signer';
import { imageSigning } from '../core/signing/image-signing';
import { awsRuntime } from '../runtime/aws-pipeline-deps';
import { tracer } from '../runtime/observability';
import { sqsPipelineHandler } from '../runtime/sqs-pipeline-handler';

const signer = new KmsSigner(tracer.captureAWSv3Client(new KMSClient({})), process.env.KEY_ID ?? '');

/**
 * The signer: ECR Image Scan and Inspector2 Scan events, and hand-offs from the other functions, through
 * SQS. The only function that holds kms:Sign. On a cold start it publishes the key's public half in the
 * table, where the lookup API (which reads nothing else) serves it as cosign.pub.
 */
export const handler = sqsPipelineHandler(
  () => awsRuntime((registry) => imageSigning({ registry, signer })),
  async (rt) => {
    const publicKeys = new DynamoDbPublicKeyStore({ client: rt.dynamo, tableName: rt.tableName });
    await publicKeys.put(signer.keyId, await signer.publicKeyPem());
  },
);
