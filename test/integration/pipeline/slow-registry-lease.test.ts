import type { PipelineDeps } from '../../../functions/core/pipeline/pipeline-deps';
import { processPipelineRecord, type RecordResult } from '../../../functions/runtime/process-pipeline-record';
import { synthesiseScan } from '../../emulators/ecr';
import { pushImage } from '../../harness/image-builder';
import { startRegistryProxy, type RegistryProxy } from '../../harness/registry-proxy';
import { sharedRegistryHost, sharedRegistryUrl } from '../../harness/services';
import { expectSignedOnce } from './signed-once';
import { ECR_HOST, ParkedMessages, startPipelineFixture, type PipelineFixture } from './pipeline-fixture';
import { body, scanEvent } from './sample-events';

/** The lease the workers take here; the slowed registry makes one signing take several times as long. */
const LEASE_MS = 1000;
/** Signing writes in three rounds one after another (blobs side by side, then the manifests): > 3 leases. */
const WRITE_DELAY_MS = 1200;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('no double signing under slowness (issue 13)', () => {
  let f: PipelineFixture;
  let proxy: RegistryProxy;
  let slow = false;
  beforeAll(async () => {
    proxy = await startRegistryProxy(sharedRegistryUrl(), async (request, forward) => {
      if (slow && request.method !== 'GET' && request.method !== 'HEAD') await sleep(WRITE_DELAY_MS);
      return forward();
    });
    f = await startPipelineFixture({ registryUrl: proxy.url });
  });
  afterAll(async () => {
    await f.stop();
    await proxy.close();
  });

  /** One worker: its own id, the short lease, SQS's redelivery of a retryable failure. */
  const worker = (workerId: string): ((message: string) => Promise<RecordResult>) => {
    const deps: PipelineDeps = { ...f.deps, workerId, signingLeaseMs: LEASE_MS };
    const deadLetter = new ParkedMessages();
    return async (message) => {
      for (let receiveCount = 1; ; receiveCount++) {
        try {
          return await processPipelineRecord(
            deps,
            { messageId: `${workerId}-m`, body: message, receiveCount },
            { deadLetter, maxReceiveCount: 10 },
          );
        } catch {
          await sleep(200);
        }
      }
    };
  };

  it('a signing slowed past its lease keeps the lease: a second worker waits, and the image carries one signature', async () => {
    const repository = 'team/slow-lease';
    const image = await pushImage(sharedRegistryHost(), repository);
    f.ecr.scans.set(repository, image.digest, synthesiseScan('BASIC', 1, { severities: ['LOW'] }));
    const writesBefore = proxy.received.length;
    slow = true;

    const started = Date.now();
    const first = worker('worker-a')(body(scanEvent({ repository, digest: image.digest })));
    // The second delivery (another event about the same image) comes when the first lease would have expired.
    await sleep(LEASE_MS * 1.5);
    const second = worker('worker-b')(body(scanEvent({ repository, digest: image.digest })));
    const results = await Promise.all([first, second]);
    slow = false;

    expect(results.map((r) => r.result)).toEqual(['done', 'done']);
    // The signing really took longer than the lease: without renewal a second worker could have taken it.
    const writes = proxy.received
      .slice(writesBefore)
      .filter((r) => r.method !== 'GET' && r.method !== 'HEAD');
    expect(writes.length * WRITE_DELAY_MS).toBeGreaterThan(3 * LEASE_MS);
    expect(Date.now() - started).toBeGreaterThan(3 * LEASE_MS);
    const key = { registry: ECR_HOST, repository, digest: image.digest };
    expect((await f.store.get(key))?.status).toBe('VERIFIED');
    await expectSignedOnce(f.registry, key);
  }, 60_000);
});
