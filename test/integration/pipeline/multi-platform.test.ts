import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MediaTypes } from '../../../functions/core/oci/media-types';
import { signatureTag } from '../../../functions/core/reference';
import { synthesiseScan } from '../../emulators/ecr';
import { sharedRegistryHost } from '../../harness/services';
import { cosign } from '../../harness/verifiers';
import { pushBuildxImage } from './buildx-image';
import { ECR_HOST, startPipelineFixture, type PipelineFixture } from './pipeline-fixture';
import { body, findingEvent, pushEvent, scanEvent } from './sample-events';

describe('multi-platform images: an index is judged by its platforms', () => {
  let f: PipelineFixture;
  let dir: string;
  beforeAll(async () => {
    f = await startPipelineFixture();
    dir = mkdtempSync(join(tmpdir(), 'image-trust-test-multi-'));
    writeFileSync(join(dir, 'cosign.pub'), f.publicKeyPem);
  });
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await f.stop();
  });
  const key = (repository: string, digest: string) => ({ registry: ECR_HOST, repository, digest });
  const indexPush = (repository: string, digest: string, id: string) =>
    body(pushEvent({ repository, digest, tag: 'v1', id, manifestMediaType: MediaTypes.ociIndex }));
  const cosignVerifies = async (repository: string, digest: string) =>
    (
      await cosign([
        'verify',
        '--insecure-ignore-tlog=true',
        '--key',
        join(dir, 'cosign.pub'),
        `${sharedRegistryHost()}/${repository}@${digest}`,
      ])
    ).code;

  it('a buildx-shaped image (scans per platform, in any order, duplicated) verifies the index and each platform', async () => {
    const repo = 'team/buildx';
    const image = await pushBuildxImage(sharedRegistryHost(), repo, ['amd64', 'arm64'], 'v1');
    const [amd, arm] = image.platforms;
    for (const p of [...image.platforms, ...image.attestations]) {
      await f.deliver(body(pushEvent({ repository: repo, digest: p.digest })));
      f.ecr.scans.set(repo, p.digest, synthesiseScan('BASIC', 1, { severities: ['LOW'] }));
    }
    const armScan = body(scanEvent({ repository: repo, digest: arm!.digest, id: 'scan-arm' }));
    await f.deliver(armScan);
    // The index's push: PENDING, waiting for amd64 (ECR never scans an index).
    const pending = await f.deliver(indexPush(repo, image.index, 'push-index'));
    expect(pending).toMatchObject({ outcome: { action: 'pending' } });
    expect((await f.store.get(key(repo, image.index)))?.status).toBe('PENDING');
    await f.deliver(armScan);
    await f.deliver(body(scanEvent({ repository: repo, digest: amd!.digest, id: 'scan-amd' })));
    await f.deliver(body(scanEvent({ repository: repo, digest: amd!.digest, id: 'scan-amd' })));
    await f.deliver(indexPush(repo, image.index, 'push-index'));

    const index = await f.store.get(key(repo, image.index));
    expect(index).toMatchObject({ status: 'VERIFIED', reasons: [{ code: 'PLATFORMS_VERIFIED' }] });
    expect(index?.signature?.signedDigests).toEqual([image.index]);
    for (const p of image.platforms) {
      const verdict = await f.store.get(key(repo, p.digest));
      expect(verdict?.status).toBe('VERIFIED');
      expect(verdict?.signature?.signedDigests).toEqual([p.digest]);
      expect(await cosignVerifies(repo, p.digest)).toBe(0);
    }
    expect(await cosignVerifies(repo, image.index)).toBe(0);
    // Deriving again from the same platform states writes nothing.
    const before = index?.version;
    await f.deliver(armScan);
    expect((await f.store.get(key(repo, image.index)))?.version).toBe(before);
  });

  it('an index with a clean scan over a CRITICAL platform: both denied, no signature for the platform', async () => {
    const repo = 'team/buildx-critical';
    const image = await pushBuildxImage(sharedRegistryHost(), repo, ['amd64'], 'v1');
    const platform = image.platforms[0]!;
    f.ecr.scans.set(repo, platform.digest, synthesiseScan('BASIC', 1, { severities: ['CRITICAL'] }));
    // A scan of the index itself (ECR has none; a CI report would be one) never counts for a platform.
    f.ecr.scans.set(repo, image.index, synthesiseScan('BASIC', 0));
    await f.deliver(indexPush(repo, image.index, 'push-critical-index'));
    await f.deliver(body(scanEvent({ repository: repo, digest: image.index })));
    await f.deliver(body(scanEvent({ repository: repo, digest: platform.digest })));

    expect((await f.store.get(key(repo, platform.digest)))?.status).toBe('REJECTED');
    const index = await f.store.get(key(repo, image.index));
    expect(index).toMatchObject({ status: 'REJECTED', reasons: [{ code: 'PLATFORM_REJECTED' }] });
    expect(index?.reasons[0]?.message).toContain(`linux/amd64 (${platform.digest}) is REJECTED`);
    const locator = { registry: ECR_HOST, repository: repo };
    expect(await f.registry.getManifest(locator, signatureTag(platform.digest))).toBeUndefined();
    expect(await f.registry.getManifest(locator, signatureTag(image.index))).toBeUndefined();
  });

  it('a CVE on one platform of a verified index revokes the index, naming the platform', async () => {
    const repo = 'team/buildx-revoke';
    const image = await pushBuildxImage(sharedRegistryHost(), repo, ['amd64', 'arm64'], 'v1');
    for (const p of image.platforms) {
      f.ecr.scans.set(repo, p.digest, synthesiseScan('BASIC', 0));
      await f.deliver(body(scanEvent({ repository: repo, digest: p.digest })));
    }
    await f.deliver(indexPush(repo, image.index, 'push-revoke-index'));
    expect((await f.store.get(key(repo, image.index)))?.status).toBe('VERIFIED');

    const arm = image.platforms[1]!;
    const finding = findingEvent({
      repository: repo,
      digest: arm.digest,
      cve: 'CVE-2026-7777',
      severity: 'CRITICAL',
      status: 'ACTIVE',
    });
    await f.deliver(body(finding));

    expect((await f.store.get(key(repo, arm.digest)))?.status).toBe('REVOKED');
    const index = await f.store.get(key(repo, image.index));
    expect(index).toMatchObject({ status: 'REVOKED', reasons: [{ code: 'PLATFORM_REVOKED' }] });
    expect(index?.reasons[0]?.message).toContain(arm.digest);
    expect(index?.reasons[0]?.cveIds).toContain('CVE-2026-7777');
    expect((await f.store.get(key(repo, image.platforms[0]!.digest)))?.status).toBe('VERIFIED');
  });
});
