import { KMSClient } from '@aws-sdk/client-kms';
import { DynamoDbPublicKeyStore } from '../adapters/dynamodb/dynamodb-public-key-store';
import { KmsSigner } from '../adapters/kms/kms-signer';
import { imageSigning } from '../core/signing/image-signing';
import { signerSealer } from '../core/signing/signer-sealer';
import type { KeySetMember } from '../core/signing/key-set';
import { publishKeySet } from '../core/signing/publish-key-set';
import { awsRuntime, type AwsRuntime } from '../runtime/aws-pipeline-deps';
import { functionEnvironment } from '../runtime/environment';
import { logger } from '../runtime/logging';
import { sqsPipelineHandler } from '../runtime/sqs-pipeline-handler';

/** The pipeline's runtime, the KMS key it signs with and the key set, built once per cold start. */
function signerRuntime(): AwsRuntime & { readonly keySet: readonly KeySetMember[] } {
  const env = functionEnvironment('signer');
  const kms = new KMSClient({});
  const signer = new KmsSigner(kms, env.signingKeyId);
  const keySet: KeySetMember[] = [
    { keyId: signer.keyId, state: 'active', publicKeyPem: () => signer.publicKeyPem() },
    ...env.otherSigningKeys.map(({ keyId, state }) => {
      const key = new KmsSigner(kms, keyId);
      return { keyId, state, publicKeyPem: () => key.publicKeyPem() };
    }),
  ];
  const onSkipped = (what: string, reason: string) =>
    logger.warn('skipped an artifact written by someone else', { what, reason });
  const rt = awsRuntime(env, { signing: (registry) => imageSigning({ registry, signer, onSkipped }) });
  // The same key seals VERIFIED verdicts (one KMS Sign each): only this function holds kms:Sign.
  return { ...rt, deps: { ...rt.deps, sealer: signerSealer(signer) }, keySet };
}

/**
 * The signer: ECR Image Scan and Inspector2 Scan events, and hand-offs from the other functions, through
 * SQS. The only function that holds kms:Sign. On a cold start it publishes the key set (the active key
 * and the others with their states) in the table, where the lookup API (which reads nothing else)
 * serves the active key as cosign.pub and the whole set as `GET /v1/public-keys`. Traced by Lambda's
 * active tracing alone: the Powertools tracer's X-Ray SDK hooks every promise and cost a quarter of the
 * worker's CPU per image (bench/signing.bench.ts).
 */
export const handler = sqsPipelineHandler(signerRuntime, async (rt) => {
  const publicKeys = new DynamoDbPublicKeyStore({ client: rt.dynamo, tableName: rt.tableName });
  await publishKeySet(publicKeys, rt.keySet);
});
