import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { ECRClient } from '@aws-sdk/client-ecr';
import { KMSClient } from '@aws-sdk/client-kms';
import { DynamoDbCallCounter } from '../../../functions/adapters/dynamodb/call-counter';
import { createVerdictTable } from '../../../functions/adapters/dynamodb/create-verdict-table';
import { DynamoDbVerdictStore } from '../../../functions/adapters/dynamodb/dynamodb-verdict-store';
import { SigningLeases } from '../../../functions/adapters/dynamodb/signing-leases';
import { EcrScanReader } from '../../../functions/adapters/ecr/ecr-scan-reader';
import { EcrScanStarter } from '../../../functions/adapters/ecr/ecr-scan-starter';
import { KmsSigner } from '../../../functions/adapters/kms/kms-signer';
import { OciRegistryClient } from '../../../functions/adapters/registry/oci-registry-client';
import { RequestCounter } from '../../../functions/adapters/registry/request-counter';
import { parseRuntimeConfig } from '../../../functions/core/config/parse-runtime-config';
import type { RuntimeConfigInput } from '../../../functions/core/config/runtime-config';
import { compilePolicy } from '../../../functions/core/policy/compile-policy';
import { imageSigning } from '../../../functions/core/signing/image-signing';
import { ARTIFACT_FORMATS } from '../../../functions/core/signing/signature-formats';
import { signerSealer } from '../../../functions/core/signing/signer-sealer';
import type { PipelineDeps } from '../../../functions/core/pipeline/pipeline-deps';
import type { Registry } from '../../../functions/core/ports/registry';
import type { DeadLetter } from '../../../functions/core/ports/dead-letter';
import { processPipelineRecord, type RecordResult } from '../../../functions/runtime/process-pipeline-record';
import { startEcrEmulator, type EcrEmulator } from '../../emulators/ecr';
import { startKmsEmulator, type KmsEmulator } from '../../emulators/kms';
import { HostMappedRegistry } from '../../harness/host-mapped-registry';
import { sharedDynamoDbEndpoint, sharedRegistryHost, sharedRegistryUrl } from '../../harness/services';

export const ACCOUNT = '123456789012';
export const REGION = 'us-west-2';
export const ECR_HOST = `${ACCOUNT}.dkr.ecr.${REGION}.amazonaws.com`;

/** The dead-letter queue as a list: what was parked, with its reason. */
export class ParkedMessages implements DeadLetter {
  readonly parked: { body: string; reason: string }[] = [];
  async park(body: string, reason: string): Promise<void> {
    this.parked.push({ body, reason });
  }
}

export interface PipelineFixture {
  readonly deps: PipelineDeps;
  readonly kms: KmsEmulator;
  readonly ecr: EcrEmulator;
  readonly store: DynamoDbVerdictStore;
  readonly dynamoCalls: DynamoDbCallCounter;
  readonly registryRequests: RequestCounter;
  /** The registry as the pipeline sees it: ECR names mapped to the local registry. */
  readonly registry: Registry;
  readonly deadLetter: ParkedMessages;
  readonly publicKeyPem: string;
  readonly signer: KmsSigner;
  readonly tableName: string;
  /** Delivers one message as SQS would, redelivering a retryable failure up to `maxReceiveCount` times. */
  deliver(body: string): Promise<RecordResult>;
  stop(): Promise<void>;
}

export const defaultConfig: RuntimeConfigInput = {
  allowlist: { registries: [{ accountId: ACCOUNT, region: REGION }], repositories: ['team/**'] },
  policy: { version: 'test-policy-1', severityLimits: { CRITICAL: 0, HIGH: 0 } },
  scanning: { mode: 'basic', startScanOnPush: true },
  // The default formats, and every format where a test looks at bundle referrers.
  signatureFormats: { repositories: [{ match: ['team/own-artifacts'], formats: [...ARTIFACT_FORMATS] }] },
};

export interface FixtureOptions {
  readonly config?: RuntimeConfigInput;
  /** Registry traffic can go through a fault-injecting proxy. */
  readonly registryUrl?: string;
  readonly maxReceiveCount?: number;
  readonly redeliveryDelayMs?: number;
  /** The clock of the pipeline and of the ECR emulator (its 24-hour scan rule); default the system's. */
  readonly now?: () => Date;
}

export async function startPipelineFixture(options: FixtureOptions = {}): Promise<PipelineFixture> {
  const kms = await startKmsEmulator({ region: REGION });
  const alias = `pipeline-${process.pid}-${Date.now()}`;
  const key = kms.createKey(alias);
  const ecr = await startEcrEmulator({
    registryUrl: sharedRegistryUrl(),
    region: REGION,
    registryId: ACCOUNT,
    ...(options.now ? { now: () => options.now!().getTime() } : {}),
  });
  const tableName = `verdicts-${process.pid}-${Date.now()}`;
  const dynamo = new DynamoDBClient({ endpoint: sharedDynamoDbEndpoint(), region: REGION });
  await createVerdictTable(dynamo, tableName);
  const dynamoCalls = new DynamoDbCallCounter();
  const store = new DynamoDbVerdictStore({ client: dynamo, tableName, onCall: dynamoCalls.listener });
  const registryRequests = new RequestCounter();
  const localHost = options.registryUrl ? new URL(options.registryUrl).host : sharedRegistryHost();
  const registry = new HostMappedRegistry(
    new OciRegistryClient({
      onRequest: registryRequests.listener,
      retry: { baseDelayMs: 5, maxDelayMs: 50 },
    }),
    (host) => (host === ECR_HOST ? localHost : host),
  );
  const ecrClient = new ECRClient({ endpoint: ecr.endpoint, region: REGION });
  const kmsClient = new KMSClient({ endpoint: kms.endpoint, region: REGION, maxAttempts: 3 });
  const config = parseRuntimeConfig(options.config ?? defaultConfig);
  const signer = new KmsSigner(kmsClient, `alias/${alias}`);
  const deps: PipelineDeps = {
    config,
    policy: compilePolicy(config.policy),
    store,
    leases: new SigningLeases({ client: dynamo, tableName, onCall: dynamoCalls.listener }),
    registry,
    scans: new EcrScanReader(ecrClient),
    scanStarter: new EcrScanStarter(ecrClient),
    signing: imageSigning({ registry, signer }),
    sealer: signerSealer(signer),
    now: options.now ?? (() => new Date()),
    workerId: `test-${process.pid}`,
    signingLeaseMs: 30_000,
  };
  const deadLetter = new ParkedMessages();
  const maxReceiveCount = options.maxReceiveCount ?? 5;
  let messageNumber = 0;
  const deliver = async (body: string): Promise<RecordResult> => {
    const messageId = `m-${++messageNumber}`;
    for (let receiveCount = 1; ; receiveCount++) {
      try {
        return await processPipelineRecord(
          deps,
          { messageId, body, receiveCount },
          { deadLetter, maxReceiveCount },
        );
      } catch {
        await new Promise((r) => setTimeout(r, (options.redeliveryDelayMs ?? 20) * receiveCount));
      }
    }
  };
  return {
    deps,
    kms,
    ecr,
    store,
    dynamoCalls,
    registryRequests,
    registry,
    deadLetter,
    publicKeyPem: key.publicKeyPem,
    signer,
    tableName,
    deliver,
    stop: async () => {
      ecrClient.destroy();
      kmsClient.destroy();
      dynamo.destroy();
      await Promise.all([kms.stop(), ecr.stop()]);
    },
  };
}
