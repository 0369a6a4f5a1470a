import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { ECRClient } from '@aws-sdk/client-ecr';
import { SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDbVerdictStore } from '../adapters/dynamodb/dynamodb-verdict-store';
import { SigningLeases } from '../adapters/dynamodb/signing-leases';
import { EcrCredentialProvider } from '../adapters/ecr/ecr-credential-provider';
import { EcrScanReader } from '../adapters/ecr/ecr-scan-reader';
import { EcrScanStarter } from '../adapters/ecr/ecr-scan-starter';
import { OciRegistryClient } from '../adapters/registry/oci-registry-client';
import { TrivyAnnotationScanReader } from '../adapters/registry/trivy-annotation-scan-reader';
import { sqsHandOff } from '../adapters/sqs/sqs-hand-off';
import { runtimeConfigFromEnv } from '../core/config/parse-runtime-config';
import { InvalidInputError } from '../core/errors';
import { compilePolicy } from '../core/policy/compile-policy';
import type { PipelineDeps } from '../core/pipeline/pipeline-deps';
import type { ImageSigning } from '../core/ports/image-signing';
import { tracer } from './observability';

export interface AwsRuntime {
  readonly deps: PipelineDeps;
  readonly dynamo: DynamoDBClient;
  readonly tableName: string;
  readonly sqs: SQSClient;
  /** Every queue-fed function has one (the reconciler has none). */
  readonly deadLetterQueueUrl?: string;
  readonly maxReceiveCount: number;
}

function env(name: string): string {
  const value = process.env[name];
  if (!value) throw new InvalidInputError(`environment variable ${name} is not set`);
  return value;
}

/**
 * Wires the pipeline to AWS from the function's environment, once per cold start: the verdict table,
 * ECR (scans, registry auth), the registry, and, for the signing function only, its KMS signer.
 * Functions without a signer hand signing to `SCAN_QUEUE_URL`.
 */
export function awsRuntime(signing?: (registry: OciRegistryClient) => ImageSigning): AwsRuntime {
  const config = runtimeConfigFromEnv();
  const ecrClients = new Map<string, ECRClient>();
  const ecrFor = (region: string | undefined) => {
    const key = region ?? 'default';
    let client = ecrClients.get(key);
    if (!client)
      ecrClients.set(key, (client = tracer.captureAWSv3Client(new ECRClient(region ? { region } : {}))));
    return client;
  };
  const registry = new OciRegistryClient({ credentials: new EcrCredentialProvider(ecrFor) });
  const sqs = tracer.captureAWSv3Client(new SQSClient({}));
  const scanQueue = process.env.SCAN_QUEUE_URL;
  const dynamo = tracer.captureAWSv3Client(new DynamoDBClient({}));
  const tableName = env('TABLE_NAME');
  const deps: PipelineDeps = {
    config,
    policy: compilePolicy(config.policy),
    store: new DynamoDbVerdictStore({ client: dynamo, tableName }),
    leases: new SigningLeases({ client: dynamo, tableName }),
    registry,
    scans:
      config.scanning.mode === 'trivy-annotation'
        ? new TrivyAnnotationScanReader(registry)
        : new EcrScanReader(ecrFor),
    scanStarter: new EcrScanStarter(ecrFor),
    signing: signing?.(registry),
    handOff: scanQueue ? sqsHandOff(sqs, scanQueue) : undefined,
    now: () => new Date(),
    workerId: `${process.env.AWS_LAMBDA_LOG_STREAM_NAME ?? 'local'}:${randomUUID()}`,
  };
  return {
    deps,
    dynamo,
    tableName,
    sqs,
    deadLetterQueueUrl: process.env.DEAD_LETTER_QUEUE_URL,
    maxReceiveCount: Number(process.env.MAX_RECEIVE_COUNT ?? '5'),
  };
}
