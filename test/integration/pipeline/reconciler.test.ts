import { reconcile } from '../../../functions/core/pipeline/reconcile';
import { synthesiseScan } from '../../emulators/ecr';
import { pushImage } from '../../harness/image-builder';
import { sharedRegistryHost } from '../../harness/services';
import { ECR_HOST, startPipelineFixture, type PipelineFixture } from './pipeline-fixture';
import { body, pushEvent } from './sample-events';

describe('the reconciler', () => {
  let f: PipelineFixture;
  beforeAll(async () => {
    f = await startPipelineFixture();
  });
  afterAll(() => f.stop());

  it('evaluates an image left PENDING when its scan-complete event was never delivered', async () => {
    const image = await pushImage(sharedRegistryHost(), 'team/missed');
    const key = { registry: ECR_HOST, repository: 'team/missed', digest: image.digest };
    await f.deliver(body(pushEvent({ repository: 'team/missed', digest: image.digest })));
    f.ecr.scans.set('team/missed', image.digest, synthesiseScan('BASIC', 1, { severities: ['LOW'] }));
    // The scan finished, but EventBridge lost the event: the verdict stays PENDING.
    expect((await f.store.get(key))?.status).toBe('PENDING');

    const later = { ...f.deps, now: () => new Date(Date.now() + 31 * 60_000) };
    const report = await reconcile(later);
    expect(report).toMatchObject({ failures: [] });
    expect(report.pending).toBeGreaterThanOrEqual(1);
    expect((await f.store.get(key))?.status).toBe('VERIFIED');
  });

  it('leaves a recent PENDING verdict alone', async () => {
    const image = await pushImage(sharedRegistryHost(), 'team/recent');
    await f.deliver(body(pushEvent({ repository: 'team/recent', digest: image.digest })));
    f.ecr.scans.set('team/recent', image.digest, synthesiseScan('BASIC', 1, { severities: ['LOW'] }));
    await reconcile(f.deps);
    expect(
      (await f.store.get({ registry: ECR_HOST, repository: 'team/recent', digest: image.digest }))?.status,
    ).toBe('PENDING');
  });
});
