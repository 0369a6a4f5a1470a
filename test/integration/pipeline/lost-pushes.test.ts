/**
 * A push whose event was lost is found: the reconciler pages through the allowed repositories with
 * DescribeRepositories and DescribeImages (the ECR emulator, real SDK client), a bounded number of images
 * per run, keeping its cursor in the table (DynamoDB Local), and records any digest without a verdict as
 * a push would.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { ECRClient } from '@aws-sdk/client-ecr';
import { DynamoDbDiscoveryCursors } from '../../../functions/adapters/dynamodb/dynamodb-discovery-cursors';
import { EcrImageLister } from '../../../functions/adapters/ecr/ecr-image-lister';
import type { PipelineDeps } from '../../../functions/core/pipeline/pipeline-deps';
import { reconcile } from '../../../functions/core/pipeline/reconcile';
import { pushImage } from '../../harness/image-builder';
import { sharedDynamoDbEndpoint, sharedRegistryHost } from '../../harness/services';
import { ECR_HOST, REGION, startPipelineFixture, type PipelineFixture } from './pipeline-fixture';

describe('the reconciler finds pushes whose event was lost', () => {
  let f: PipelineFixture;
  let ecr: ECRClient;
  let dynamo: DynamoDBClient;
  let deps: PipelineDeps;
  let cursors: DynamoDbDiscoveryCursors;
  beforeAll(async () => {
    f = await startPipelineFixture();
    ecr = new ECRClient({ endpoint: f.ecr.endpoint, region: REGION });
    dynamo = new DynamoDBClient({ endpoint: sharedDynamoDbEndpoint(), region: REGION });
    cursors = new DynamoDbDiscoveryCursors({ client: dynamo, tableName: f.tableName });
    deps = { ...f.deps, imageLister: new EcrImageLister(ecr), discoveryCursors: cursors };
  });
  afterAll(async () => {
    ecr.destroy();
    dynamo.destroy();
    await f.stop();
  });
  const key = (repository: string, digest: string) => ({ registry: ECR_HOST, repository, digest });

  it('records each digest without a verdict, at most the budget per run, resuming at its cursor', async () => {
    // Prepare: images in ECR (pushed, imported into the emulator), none of whose events arrived.
    const pushed: { repository: string; digest: string }[] = [];
    for (const [repository, tag] of [
      ['team/lost-a', 'v1'],
      ['team/lost-a', undefined],
      ['team/lost-b', 'v1'],
      ['other/lost', 'v1'],
    ] as const) {
      const image = await pushImage(sharedRegistryHost(), repository, tag ? { tags: tag } : {});
      await f.ecr.importFromRegistry(repository, [tag ?? image.digest]);
      pushed.push({ repository, digest: image.digest });
    }
    const [a1, a2, b1, other] = pushed;

    // Act
    const first = await reconcile(deps, 2);
    const afterFirst = await cursors.get(ECR_HOST);
    const second = await reconcile(deps, 2);

    // Assess: the first run lists team/lost-a; the second team/lost-b, then starts team/lost-a again.
    expect(first.discovery).toEqual({ examined: 2, discovered: 2, failures: [] });
    expect(afterFirst).toEqual({ repository: 'team/lost-b' });
    expect(second.discovery).toEqual({ examined: 2, discovered: 1, failures: [] });
    expect(await cursors.get(ECR_HOST)).toMatchObject({
      repository: 'team/lost-a',
      nextToken: expect.any(String),
    });
    for (const image of [a1!, a2!, b1!])
      expect((await f.store.get(key(image.repository, image.digest)))?.status).toBe('PENDING');
    expect((await f.store.get(key(a1!.repository, a1!.digest)))?.tags).toEqual(['v1']);
    expect(await f.store.get(key(other!.repository, other!.digest))).toBeUndefined();
    // Recorded as a push: where scanning is manual, a basic scan was started.
    expect(f.ecr.calls.count('StartImageScan')).toBe(3);
  });
});
