/**
 * Images ECR cannot scan (UNSUPPORTED_IMAGE, in the scan event or in DescribeImageScanFindings): they
 * run only where the policy lets them run unscanned; real registry, DynamoDB Local, ECR emulator.
 */
import { pushImage } from '../../harness/image-builder';
import { sharedRegistryHost } from '../../harness/services';
import { defaultConfig, ECR_HOST, startPipelineFixture, type PipelineFixture } from './pipeline-fixture';
import { body, scanEvent } from './sample-events';

const policy = {
  version: 'test-policy-unscannable',
  severityLimits: { CRITICAL: 0 },
  repositoryOverrides: [{ pattern: 'team/loose-*', requireScan: false }],
  unscannableExemptions: [
    {
      repositories: ['team/static-*'],
      reason: 'static Go binary, no OS packages',
      owner: 'team-tools',
      expires: '2999-01-01T00:00:00Z',
    },
    {
      repositories: ['team/lapsed-*'],
      reason: 'was distroless',
      owner: 'team-old',
      expires: '2020-01-01T00:00:00Z',
    },
  ],
};

describe('the pipeline and images ECR cannot scan', () => {
  let f: PipelineFixture;
  beforeAll(async () => {
    f = await startPipelineFixture({ config: { ...defaultConfig, policy } });
  });
  afterAll(async () => f.stop());
  const key = (repository: string, digest: string) => ({ registry: ECR_HOST, repository, digest });
  const unsupported = async (repository: string) => {
    const image = await pushImage(sharedRegistryHost(), repository, { tags: 'v1' });
    await f.deliver(body(scanEvent({ repository, digest: image.digest, status: 'UNSUPPORTED_IMAGE' })));
    return f.store.get(key(repository, image.digest));
  };

  it('rejects an unscannable image where the policy requires a scan and nothing exempts it', async () => {
    const verdict = await unsupported('team/scratch');

    expect(verdict?.status).toBe('REJECTED');
    expect(verdict?.reasons[0]).toMatchObject({ code: 'SCAN_UNSUPPORTED' });
    expect(verdict?.signature).toBeUndefined();
  });

  it('verifies and signs an unscannable image under an exemption, naming its reason, owner and expiry', async () => {
    const verdict = await unsupported('team/static-cli');

    expect(verdict?.status).toBe('VERIFIED');
    expect(verdict?.reasons[0]?.code).toBe('SCAN_EXEMPT');
    expect(verdict?.reasons[0]?.message).toMatch(/owner 'team-tools', until 2999-01-01T00:00:00Z: static Go/);
    expect(verdict?.signature?.signedDigests).toEqual([verdict?.digest]);
  });

  it('no longer lets an expired exemption apply', async () => {
    const verdict = await unsupported('team/lapsed-tool');

    expect(verdict?.status).toBe('REJECTED');
    expect(verdict?.reasons.map((r) => r.code)).toEqual(['SCAN_UNSUPPORTED', 'EXEMPTION_EXPIRED']);
  });

  it('honours requireScan: false when DescribeImageScanFindings answers UNSUPPORTED_IMAGE', async () => {
    // Prepare: the scan event says little; ECR's scan findings say the image is unsupported.
    const repository = 'team/loose-tool';
    const image = await pushImage(sharedRegistryHost(), repository, { tags: 'v1' });
    f.ecr.scans.set(repository, image.digest, {
      kind: 'BASIC',
      status: 'UNSUPPORTED_IMAGE',
      description: 'The operating system and/or package manager are not supported.',
    });

    // Act
    await f.deliver(body(scanEvent({ repository, digest: image.digest, status: 'FAILED' })));
    const failedEvent = await f.store.get(key(repository, image.digest));
    await f.deliver(body(scanEvent({ repository, digest: image.digest })));

    // Assess: a FAILED scan event still fails closed; the findings' UNSUPPORTED_IMAGE is judged by policy.
    expect(failedEvent?.status).toBe('REJECTED');
    const verdict = await f.store.get(key(repository, image.digest));
    expect(verdict?.status).toBe('VERIFIED');
    expect(verdict?.reasons[0]).toMatchObject({ code: 'SCAN_UNSUPPORTED' });
    expect(verdict?.reasons[0]?.message).toMatch(/does not require a scan/);
  });
});
