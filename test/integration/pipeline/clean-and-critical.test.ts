import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { signatureTag } from '../../../functions/core/reference';
import { synthesiseScan } from '../../emulators/ecr';
import { pushImage } from '../../harness/image-builder';
import { sharedRegistryHost } from '../../harness/services';
import { cosign } from '../../harness/verifiers';
import { ECR_HOST, startPipelineFixture, type PipelineFixture } from './pipeline-fixture';
import { body, pushEvent, scanEvent } from './sample-events';

describe('the pipeline: push and scan events in, verdicts out', () => {
  let f: PipelineFixture;
  let dir: string;
  beforeAll(async () => {
    f = await startPipelineFixture();
    dir = mkdtempSync(join(tmpdir(), 'image-trust-test-pipeline-'));
    writeFileSync(join(dir, 'cosign.pub'), f.publicKeyPem);
  });
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await f.stop();
  });
  const key = (repository: string, digest: string) => ({ registry: ECR_HOST, repository, digest });

  it('verifies a clean image: push, scan complete, VERIFIED, and cosign verifies its signature', async () => {
    const image = await pushImage(sharedRegistryHost(), 'team/clean', { tags: 'v1' });
    await f.deliver(body(pushEvent({ repository: 'team/clean', digest: image.digest, tag: 'v1' })));
    expect((await f.store.get(key('team/clean', image.digest)))?.status).toBe('PENDING');
    expect(f.ecr.calls.count('StartImageScan')).toBeGreaterThanOrEqual(1);

    f.ecr.scans.set(
      'team/clean',
      image.digest,
      synthesiseScan('BASIC', 3, { severities: ['LOW', 'MEDIUM'] }),
    );
    const result = await f.deliver(body(scanEvent({ repository: 'team/clean', digest: image.digest })));
    expect(result).toMatchObject({ result: 'done', outcome: { action: 'verified', status: 'VERIFIED' } });

    const verdict = await f.store.get(key('team/clean', image.digest));
    expect(verdict).toMatchObject({ status: 'VERIFIED', policyVersion: 'test-policy-1', tags: ['v1'] });
    expect(verdict?.scan?.severityCounts).toEqual({ LOW: 2, MEDIUM: 1 });
    expect(verdict?.signature?.signedDigests).toEqual([image.digest]);

    const verified = await cosign([
      'verify',
      '--insecure-ignore-tlog=true',
      '--key',
      join(dir, 'cosign.pub'),
      `${sharedRegistryHost()}/team/clean@${image.digest}`,
    ]);
    expect(verified.code).toBe(0);
    const [claim] = JSON.parse(verified.stdout) as {
      critical: { identity: { 'docker-reference': string } };
    }[];
    expect(claim?.critical.identity['docker-reference']).toBe(`${ECR_HOST}/team/clean`);
  });

  it('rejects an image with a CRITICAL finding, names the CVE, and writes no signature', async () => {
    const image = await pushImage(sharedRegistryHost(), 'team/critical');
    await f.deliver(body(pushEvent({ repository: 'team/critical', digest: image.digest })));
    f.ecr.scans.set(
      'team/critical',
      image.digest,
      synthesiseScan('BASIC', 2, { severities: ['CRITICAL', 'LOW'] }),
    );
    await f.deliver(body(scanEvent({ repository: 'team/critical', digest: image.digest })));

    const verdict = await f.store.get(key('team/critical', image.digest));
    expect(verdict?.status).toBe('REJECTED');
    expect(verdict?.reasons.flatMap((r) => r.cveIds ?? [])).toContain('CVE-2099-00001');
    expect(verdict?.reasons.map((r) => r.message).join(' ')).toMatch(/CRITICAL/);
    expect(
      await f.registry.getManifest(
        { registry: ECR_HOST, repository: 'team/critical' },
        signatureTag(image.digest),
      ),
    ).toBeUndefined();
    expect(
      await f.registry.referrers({ registry: ECR_HOST, repository: 'team/critical' }, image.digest),
    ).toEqual([]);
  });

  it('rejects an image outside the repository allowlist without signing', async () => {
    const image = await pushImage(sharedRegistryHost(), 'other/app');
    f.ecr.scans.set('other/app', image.digest, synthesiseScan('BASIC', 0));
    await f.deliver(body(scanEvent({ repository: 'other/app', digest: image.digest })));
    const verdict = await f.store.get(key('other/app', image.digest));
    expect(verdict).toMatchObject({ status: 'REJECTED', reasons: [{ code: 'NOT_ALLOWED' }] });
  });

  it('records a failed scan as REJECTED: a scan that did not complete never passes', async () => {
    const image = await pushImage(sharedRegistryHost(), 'team/scan-failed');
    await f.deliver(
      body(scanEvent({ repository: 'team/scan-failed', digest: image.digest, status: 'FAILED' })),
    );
    expect((await f.store.get(key('team/scan-failed', image.digest)))?.status).toBe('REJECTED');
  });

  it('marks a deleted image DELETED', async () => {
    const image = await pushImage(sharedRegistryHost(), 'team/deleted');
    await f.deliver(body(pushEvent({ repository: 'team/deleted', digest: image.digest })));
    await f.deliver(body(pushEvent({ repository: 'team/deleted', digest: image.digest, action: 'DELETE' })));
    expect((await f.store.get(key('team/deleted', image.digest)))?.status).toBe('DELETED');
  });
});
