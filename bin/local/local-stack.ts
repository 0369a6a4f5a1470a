import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { KMSClient } from '@aws-sdk/client-kms';
import { createVerdictTable } from '../../functions/adapters/dynamodb/create-verdict-table';
import { DynamoDbVerdictStore } from '../../functions/adapters/dynamodb/dynamodb-verdict-store';
import { SigningLeases } from '../../functions/adapters/dynamodb/signing-leases';
import { KmsSigner } from '../../functions/adapters/kms/kms-signer';
import { OciRegistryClient } from '../../functions/adapters/registry/oci-registry-client';
import { TrivyAnnotationScanReader } from '../../functions/adapters/registry/trivy-annotation-scan-reader';
import { LocalKeySigner } from '../../functions/adapters/signers/local-key-signer';
import { compilePolicy } from '../../functions/core/policy/compile-policy';
import { imageSigning } from '../../functions/core/signing/image-signing';
import { signerSealer } from '../../functions/core/signing/signer-sealer';
import type { PipelineDeps } from '../../functions/core/pipeline/pipeline-deps';
import type { Signer } from '../../functions/core/ports/signer';
import { startKmsEmulator } from '../../test/emulators/kms';
import { localConfig } from './local-config';
import { startDynamoDbLocal } from './services/dynamodb-local';
import { startRegistry } from './services/registry';
import type { ServiceProcess } from './services/service-process';

export const TABLE_NAME = 'image-trust-verdicts';

export interface LocalStackOptions {
  readonly dataDir: string;
  /** Where the API listens, for the registry's notifications. */
  readonly apiUrl: string;
  readonly registryPort: number;
  /** Another registry to use instead of starting one (no notifications: the sweep finds its images). */
  readonly registryUrl?: string;
  readonly signerMode: 'local-key' | 'kms-emulator';
}

export interface LocalStack {
  readonly registryUrl: string;
  readonly registryHost: string;
  /** The storage folder of the registry the local mode started (none for REGISTRY_URL). */
  readonly registryStorageDir?: string;
  readonly dynamoEndpoint: string;
  /** The registry sends it with every notification; the local server checks it. */
  readonly notificationToken: string;
  readonly signerDescription: string;
  readonly publicKeyPath: string;
  readonly publicKeyPem: string;
  readonly deps: PipelineDeps;
  readonly keyId: string;
  readonly store: DynamoDbVerdictStore;
  readonly dynamo: DynamoDBClient;
  readonly timings: Readonly<Record<string, number>>;
  stop(): Promise<void>;
}

/**
 * Starts what the local pipeline stands on, its data kept in `dataDir` between runs: Debian's registry
 * (sending push notifications to the API), DynamoDB Local, and the signing key (a P-256 PEM made on
 * first run, or a key in the KMS emulator). Wires the same pipeline use cases as the Lambdas.
 */
export async function startLocalStack(options: LocalStackOptions): Promise<LocalStack> {
  const stoppers: (() => Promise<void>)[] = [];
  const timings: Record<string, number> = {};
  const notificationToken = randomBytes(32).toString('base64url');
  try {
    mkdirSync(options.dataDir, { recursive: true });
    const registryService: ServiceProcess | undefined = options.registryUrl
      ? undefined
      : await startRegistry({
          port: options.registryPort,
          dataDir: mkdir(join(options.dataDir, 'registry')),
          notifyUrl: `${options.apiUrl}/local/registry-notifications`,
          notifyToken: notificationToken,
        });
    if (registryService) {
      stoppers.push(() => registryService.stop());
      timings.registry = registryService.startMs;
    }
    const registryUrl = options.registryUrl ?? `http://127.0.0.1:${options.registryPort}`;
    const registryHost = new URL(registryUrl).host;

    const dynamoService = await startDynamoDbLocal({ dataDir: mkdir(join(options.dataDir, 'dynamodb')) });
    stoppers.push(() => dynamoService.stop());
    timings['dynamodb-local'] = dynamoService.startMs;
    const dynamo = new DynamoDBClient({
      endpoint: dynamoService.endpoint,
      region: 'local',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    await createVerdictTable(dynamo, TABLE_NAME);

    const { signer, description } = await startSigner(options, stoppers);
    const publicKeyPem = await signer.publicKeyPem();
    const publicKeyPath = join(options.dataDir, 'cosign.pub');
    writeFileSync(publicKeyPath, publicKeyPem);

    const config = localConfig(registryHost);
    const store = new DynamoDbVerdictStore({
      client: dynamo,
      tableName: TABLE_NAME,
      onRefusedItem: (refused) => process.stderr.write(`verdict item refused: ${refused.message}\n`),
    });
    const registry = new OciRegistryClient();
    const deps: PipelineDeps = {
      config,
      policy: compilePolicy(config.policy),
      store,
      leases: new SigningLeases({ client: dynamo, tableName: TABLE_NAME }),
      registry,
      scans: new TrivyAnnotationScanReader(registry),
      signing: imageSigning({
        registry,
        signer,
        onSkipped: (what, reason) => process.stderr.write(`skipped ${what}: ${reason}\n`),
      }),
      // VERIFIED verdicts are sealed with the same key, as the signer function seals them.
      sealer: signerSealer(signer),
      now: () => new Date(),
      workerId: `local-${process.pid}`,
      // A lease a killed `npm start` held frees itself soon after the next start.
      signingLeaseMs: 15_000,
    };
    return {
      registryUrl,
      registryHost,
      ...(registryService ? { registryStorageDir: join(registryService.dataDir, 'data') } : {}),
      dynamoEndpoint: dynamoService.endpoint,
      notificationToken,
      signerDescription: description,
      publicKeyPath,
      publicKeyPem,
      deps,
      keyId: signer.keyId,
      store,
      dynamo,
      timings,
      stop: async () => {
        dynamo.destroy();
        for (const stop of stoppers.reverse()) await stop();
      },
    };
  } catch (error) {
    for (const stop of stoppers.reverse()) await stop().catch(() => undefined);
    throw error;
  }
}

async function startSigner(
  options: LocalStackOptions,
  stoppers: (() => Promise<void>)[],
): Promise<{ signer: Signer; description: string }> {
  if (options.signerMode === 'kms-emulator') {
    const kms = await startKmsEmulator({ stateFile: join(options.dataDir, 'kms-state.json') });
    stoppers.push(() => kms.stop());
    if (!kms.findKeyArn('alias/image-trust')) kms.createKey('image-trust');
    const client = new KMSClient({
      endpoint: kms.endpoint,
      region: kms.region,
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    stoppers.push(async () => client.destroy());
    return {
      signer: new KmsSigner(client, 'alias/image-trust'),
      description: `KMS emulator ${kms.endpoint}, alias/image-trust`,
    };
  }
  const path = join(options.dataDir, 'signing-key.pem');
  return { signer: LocalKeySigner.loadOrCreate(path), description: `local P-256 key ${path}` };
}

function mkdir(path: string): string {
  mkdirSync(path, { recursive: true });
  return path;
}
