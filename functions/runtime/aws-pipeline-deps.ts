import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { ECRClient } from '@aws-sdk/client-ecr';
import { SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDbVerdictStore } from '../adapters/dynamodb/dynamodb-verdict-store';
import { DynamoDbDiscoveryCursors } from '../adapters/dynamodb/dynamodb-discovery-cursors';
import { SigningLeases } from '../adapters/dynamodb/signing-leases';
import { EcrCredentialProvider } from '../adapters/ecr/ecr-credential-provider';
import { EcrImageLister } from '../adapters/ecr/ecr-image-lister';
import { EcrScanReader } from '../adapters/ecr/ecr-scan-reader';
import { EcrScanStarter } from '../adapters/ecr/ecr-scan-starter';
import { OciRegistryClient } from '../adapters/registry/oci-registry-client';
import { TrivyAnnotationScanReader } from '../adapters/registry/trivy-annotation-scan-reader';
import { sqsHandOff } from '../adapters/sqs/sqs-hand-off';
import { compilePolicy } from '../core/policy/compile-policy';
import type { PipelineDeps } from '../core/pipeline/pipeline-deps';
import type { ImageSigning } from '../core/ports/image-signing';
import type { PipelineEnvironment } from './environment';
import { logDroppedSeal, logRefusedItem } from './refused-item-log';

export interface AwsRuntime {
  readonly deps: PipelineDeps;
  readonly dynamo: DynamoDBClient;
  readonly tableName: string;
  readonly sqs: SQSClient;
  /** Every queue-fed function has one (the reconciler has none). */
  readonly deadLetterQueueUrl?: string;
  readonly maxReceiveCount: number;
  /** How many records of one batch run at once. */
  readonly recordsInFlight: number;
}

/** What differs between the functions that share the pipeline's runtime. */
export interface AwsRuntimeOptions {
  /** The signing function's only: its KMS signer over the registry. Others hand signing to its queue. */
  readonly signing?: (registry: OciRegistryClient) => ImageSigning;
  /**
   * Wraps each SDK client (the Powertools tracer's X-Ray subsegments, observability.ts); none by
   * default: the signer, traced by Lambda's active tracing alone, keeps the X-Ray SDK out of its bundle.
   */
  readonly traceClient?: <C>(client: C) => C;
}

/**
 * Wires the pipeline to AWS from the function's parsed environment (environment.ts), once per cold
 * start: the verdict table, ECR (scans, registry auth), the registry, and, for the signing function
 * only, its KMS signer. Functions without a signer hand signing to the signer's queue.
 */
export function awsRuntime(
  env: PipelineEnvironment,
  { signing, traceClient = (client) => client }: AwsRuntimeOptions = {},
): AwsRuntime {
  const { config, tableName } = env;
  const ecrClients = new Map<string, ECRClient>();
  const ecrFor = (region: string | undefined) => {
    const key = region ?? 'default';
    let client = ecrClients.get(key);
    if (!client) ecrClients.set(key, (client = traceClient(new ECRClient(region ? { region } : {}))));
    return client;
  };
  const registry = new OciRegistryClient({ credentials: new EcrCredentialProvider(ecrFor) });
  const sqs = traceClient(new SQSClient({}));
  const dynamo = traceClient(new DynamoDBClient({}));
  const deps: PipelineDeps = {
    config,
    policy: compilePolicy(config.policy),
    store: new DynamoDbVerdictStore({
      client: dynamo,
      tableName,
      onRefusedItem: logRefusedItem,
      onDroppedSeal: logDroppedSeal,
      // The records of a batch run at once: their first verdict reads go out as one BatchGetItem.
      coalesceReads: true,
    }),
    leases: new SigningLeases({ client: dynamo, tableName }),
    registry,
    scans:
      config.scanning.mode === 'trivy-annotation'
        ? new TrivyAnnotationScanReader(registry)
        : new EcrScanReader(ecrFor),
    scanStarter: new EcrScanStarter(ecrFor),
    // Only the reconciler lists (its role alone may DescribeRepositories); others never call it.
    imageLister: new EcrImageLister(ecrFor),
    discoveryCursors: new DynamoDbDiscoveryCursors({ client: dynamo, tableName }),
    signing: signing?.(registry),
    handOff: env.signerQueueUrl ? sqsHandOff(sqs, env.signerQueueUrl) : undefined,
    now: () => new Date(),
    workerId: `${process.env.AWS_LAMBDA_LOG_STREAM_NAME ?? 'local'}:${randomUUID()}`,
  };
  return {
    deps,
    dynamo,
    tableName,
    sqs,
    deadLetterQueueUrl: env.deadLetterQueueUrl,
    maxReceiveCount: env.maxReceiveCount,
    recordsInFlight: env.recordsInFlight,
  };
}
