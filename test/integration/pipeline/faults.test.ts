import { synthesiseScan } from '../../emulators/ecr';
import { pushImage } from '../../harness/image-builder';
import { registryError, startRegistryProxy, type RegistryProxy } from '../../harness/registry-proxy';
import { sharedRegistryHost, sharedRegistryUrl } from '../../harness/services';
import { expectSignedOnce } from './signed-once';
import { ARTIFACT_FORMATS } from '../../../functions/core/signing/signature-formats';
import { ECR_HOST, defaultConfig, startPipelineFixture, type PipelineFixture } from './pipeline-fixture';
import { body, pushEvent, scanEvent } from './sample-events';

/** A seeded coin: the same failures on every run. */
function coin(seed: number, rate: number): () => boolean {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    return s / 2 ** 31 < rate;
  };
}

describe('the pipeline with 30% of KMS calls throttled and 30% of registry writes failing with 503', () => {
  let f: PipelineFixture;
  let proxy: RegistryProxy;
  let failedWrites = 0;
  beforeAll(async () => {
    const fail = coin(11, 0.3);
    proxy = await startRegistryProxy(sharedRegistryUrl(), (request, forward) => {
      if (request.method !== 'GET' && request.method !== 'HEAD' && fail()) {
        failedWrites += 1;
        return registryError(503, 'UNAVAILABLE', 'injected fault');
      }
      return forward();
    });
    // Every format, so faults hit the bundle referrers and their fallback index too.
    f = await startPipelineFixture({
      registryUrl: proxy.url,
      maxReceiveCount: 10,
      config: { ...defaultConfig, signatureFormats: { default: [...ARTIFACT_FORMATS] } },
    });
    f.kms.faults.throttle({ rate: 0.3, operations: ['Sign'], seed: 5 });
  });
  afterAll(async () => {
    await f.stop();
    await proxy.close();
  });

  it('ends every image VERIFIED, none signed twice', async () => {
    const images = await Promise.all(
      Array.from({ length: 8 }, (_, n) => pushImage(sharedRegistryHost(), `team/faulty-${n}`)),
    );
    for (const [n, image] of images.entries()) {
      f.ecr.scans.set(
        `team/faulty-${n}`,
        image.digest,
        synthesiseScan('BASIC', 1, { severities: ['MEDIUM'] }),
      );
    }
    const results = await Promise.all(
      images.flatMap((image, n) => [
        f.deliver(body(pushEvent({ repository: `team/faulty-${n}`, digest: image.digest }))),
        f.deliver(body(scanEvent({ repository: `team/faulty-${n}`, digest: image.digest }))),
      ]),
    );
    expect(results.filter((r) => r.result !== 'done')).toEqual([]);
    expect(f.kms.calls.throttled('Sign')).toBeGreaterThan(0);
    expect(failedWrites).toBeGreaterThan(0);

    for (const [n, image] of images.entries()) {
      const key = { registry: ECR_HOST, repository: `team/faulty-${n}`, digest: image.digest };
      expect((await f.store.get(key))?.status).toBe('VERIFIED');
      await expectSignedOnce(f.registry, key, ARTIFACT_FORMATS);
    }
  });
});
