import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { KMSClient } from '@aws-sdk/client-kms';
import { DynamoDbCallCounter } from '../functions/adapters/dynamodb/call-counter';
import { createVerdictTable } from '../functions/adapters/dynamodb/create-verdict-table';
import { DynamoDbVerdictStore } from '../functions/adapters/dynamodb/dynamodb-verdict-store';
import { SigningLeases } from '../functions/adapters/dynamodb/signing-leases';
import { KmsSigner } from '../functions/adapters/kms/kms-signer';
import { OciRegistryClient } from '../functions/adapters/registry/oci-registry-client';
import { RequestCounter } from '../functions/adapters/registry/request-counter';
import { TrivyAnnotationScanReader } from '../functions/adapters/registry/trivy-annotation-scan-reader';
import { parseManifest } from '../functions/core/cosign/oci-manifest';
import { SIGSTORE_BUNDLE_V03 } from '../functions/core/cosign/media-types';
import type { DigestReference } from '../functions/core/image-reference';
import type { PipelineEvent } from '../functions/core/events/pipeline-event';
import { compilePolicy } from '../functions/core/policy/compile-policy';
import { imageSigning } from '../functions/core/signing/image-signing';
import type { PipelineDeps } from '../functions/core/pipeline/pipeline-deps';
import { attestationTag, signatureTag } from '../functions/core/reference/artifact-tags';
import { pushImage, type PushedImage } from '../bin/local/image-builder';
import { localConfig } from '../bin/local/local-config';
import { startDynamoDbLocal } from '../bin/local/services/dynamodb-local';
import { startRegistry } from '../bin/local/services/registry';
import { WorkQueue } from '../bin/local/work-queue';
import { startKmsEmulator } from '../test/emulators/kms';
import { printTable, round, type Benchmark, type Figures } from './bench-kit';

const IMAGES = Number(process.env.BENCH_PIPELINE_IMAGES ?? 1000);
const DUPLICATE_RATE = 0.3;
const CONCURRENCY = Number(process.env.BENCH_PIPELINE_CONCURRENCY ?? 8);

const report = (vulns: object[]) =>
  JSON.stringify({
    SchemaVersion: 2,
    CreatedAt: new Date().toISOString(),
    ArtifactName: 'bench',
    Results: [{ Target: 'bench', Vulnerabilities: vulns }],
  });

/**
 * Issue 4: 1,000 pushes through the pipeline (the local mode's wiring: real registry, DynamoDB Local,
 * the KMS emulator, Trivy reports on the manifests), 30% of deliveries duplicated and the whole
 * stream shuffled. Counts what each verdict cost, and checks nothing was lost or signed twice.
 */
export const pipelineBenchmark: Benchmark = {
  name: 'pipeline',
  async run(): Promise<Figures> {
    const dir = mkdtempSync(join(tmpdir(), 'image-trust-test-bench-'));
    const registry = await startRegistry();
    const dynamoService = await startDynamoDbLocal();
    const kms = await startKmsEmulator();
    kms.createKey('bench');
    const dynamo = new DynamoDBClient({
      endpoint: dynamoService.endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'b', secretAccessKey: 'b' },
    });
    const kmsClient = new KMSClient({
      endpoint: kms.endpoint,
      region: kms.region,
      credentials: { accessKeyId: 'b', secretAccessKey: 'b' },
    });
    try {
      await createVerdictTable(dynamo, 'bench');
      const dynamoCalls = new DynamoDbCallCounter();
      const requests = new RequestCounter();
      const client = new OciRegistryClient({ onRequest: requests.listener });
      const store = new DynamoDbVerdictStore({
        client: dynamo,
        tableName: 'bench',
        onCall: dynamoCalls.listener,
      });
      const config = localConfig(registry.host);
      const deps: PipelineDeps = {
        config,
        policy: compilePolicy(config.policy),
        store,
        leases: new SigningLeases({ client: dynamo, tableName: 'bench', onCall: dynamoCalls.listener }),
        registry: client,
        scans: new TrivyAnnotationScanReader(client),
        signing: imageSigning({ registry: client, signer: new KmsSigner(kmsClient, 'alias/bench') }),
        now: () => new Date(),
        workerId: 'bench',
      };

      process.stdout.write(`\npushing ${IMAGES} images...\n`);
      const images: PushedImage[] = [];
      const pusher = new OciRegistryClient();
      for (let i = 0; i < IMAGES; i += 25) {
        const batch = Array.from({ length: Math.min(25, IMAGES - i) }, (_, k) =>
          pushImage(registry.host, `bench/app-${(i + k) % 50}`, {
            client: pusher,
            tags: `build-${i + k}`,
            annotations: {
              'trivy.scan.result': report(
                (i + k) % 10 === 0
                  ? [
                      {
                        VulnerabilityID: `CVE-2099-${i + k}`,
                        PkgName: 'x',
                        InstalledVersion: '1',
                        Severity: 'CRITICAL',
                      },
                    ]
                  : [],
              ),
            },
          }),
        );
        images.push(...(await Promise.all(batch)));
      }
      const events: PipelineEvent[] = images.map((image, i) => ({
        type: 'ImagePushed',
        image: image.reference,
        tag: `build-${i}`,
        id: `push-${i}`,
        at: new Date().toISOString(),
      }));
      const duplicates = events.filter((_, i) => (i * 7919) % 100 < DUPLICATE_RATE * 100);
      const deliveries = shuffle([...events, ...duplicates]);

      kms.calls.reset();
      requests.reset();
      dynamoCalls.reset();
      const queue = new WorkQueue(deps, {
        concurrency: CONCURRENCY,
        deadLetterFile: join(dir, 'dead-letter.jsonl'),
      });
      const started = performance.now();
      await Promise.all(deliveries.map((event) => queue.process(event)));
      const seconds = (performance.now() - started) / 1000;
      const kmsCalls = kms.calls.count();
      const registryRequests = requests.total;
      const writes = dynamoCalls.snapshot();

      let lost = 0;
      let doubleSigned = 0;
      let verified = 0;
      let rejected = 0;
      for (const image of images) {
        const verdict = await store.get(image.reference);
        if (verdict?.status === 'VERIFIED') verified += 1;
        else if (verdict?.status === 'REJECTED') rejected += 1;
        else lost += 1;
        if (verdict?.status !== 'VERIFIED') continue;
        // The default formats: one .sig layer and one .att layer, no bundle referrer.
        const layers = async (tag: string) => layerCount(client, image.reference, tag);
        const sig = await layers(signatureTag(image.digest));
        const att = await layers(attestationTag(image.digest));
        const bundles = await client.referrers(image.reference, image.digest, SIGSTORE_BUNDLE_V03);
        if (sig !== 1 || att !== 1 || bundles.length !== 0) doubleSigned += 1;
      }
      // Item sizes, for the cost estimate: DynamoDB bills writes per started KB (twice in a transaction).
      const sample = images.find((_, i) => i % 10 !== 0)!;
      const verdictBytes = Buffer.byteLength(JSON.stringify(await store.get(sample.reference)));
      const historyBytes = Buffer.byteLength(JSON.stringify((await store.history(sample.reference, 1))[0]));
      const figures: Figures = {
        images: IMAGES,
        verdictItemBytes: verdictBytes,
        historyItemBytes: historyBytes,
        deliveries: deliveries.length,
        duplicateDeliveries: duplicates.length,
        concurrency: CONCURRENCY,
        secondsUntilEveryVerdict: round(seconds, 2),
        imagesPerSecond: round(IMAGES / seconds, 2),
        verified,
        rejected,
        lost,
        doubleSigned,
        kmsCallsPerImage: round(kmsCalls / IMAGES, 2),
        kmsSignPerVerifiedImage: round(kms.calls.count('Sign') / Math.max(1, verified), 2),
        registryRequestsPerImage: round(registryRequests / IMAGES, 2),
        registryRequestsPerVerifiedImage: round(registryRequests / Math.max(1, verified), 2),
        manifestPutsPerVerifiedImage: round(requests.count('PUT', 'manifest') / Math.max(1, verified), 2),
        dynamoWritesPerImage: round(
          countOps(writes, ['TransactWriteItems', 'PutItem', 'DeleteItem', 'UpdateItem']) / IMAGES,
          2,
        ),
        dynamoReadsPerImage: round(countOps(writes, ['GetItem', 'Query', 'BatchGetItem']) / IMAGES, 2),
      };
      // Issue 14's figures, under their exact names (bench-kit writes `perf.` keys as they are).
      figures['perf.pipeline.registryRequestsPerImage'] = figures.registryRequestsPerImage!;
      figures['perf.pipeline.lost'] = lost;
      figures['perf.pipeline.doubleSigned'] = doubleSigned;
      printTable(
        `Pipeline: ${IMAGES} pushes + ${duplicates.length} duplicate deliveries, shuffled, ${CONCURRENCY} at a time`,
        ['figure', 'value'],
        Object.entries(figures).map(([k, v]) => [k, v]),
      );
      return figures;
    } finally {
      kmsClient.destroy();
      dynamo.destroy();
      await kms.stop();
      await dynamoService.stop();
      await registry.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  },
};

function shuffle<T>(items: T[]): T[] {
  let s = 42;
  for (let i = items.length - 1; i > 0; i--) {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    const j = s % (i + 1);
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}

/** Calls of these operations in a DynamoDbCallCounter snapshot (keys are `Operation outcome`). */
function countOps(snapshot: Record<string, number>, operations: readonly string[]): number {
  return Object.entries(snapshot)
    .filter(([key]) => operations.includes(key.split(' ')[0] ?? ''))
    .reduce((sum, [, n]) => sum + n, 0);
}

/** Layers of the manifest tagged `tag` (0 when there is none). */
async function layerCount(client: OciRegistryClient, image: DigestReference, tag: string): Promise<number> {
  const stored = await client.getManifest(image, tag);
  return stored ? (parseManifest(stored.bytes).layers ?? []).length : 0;
}
