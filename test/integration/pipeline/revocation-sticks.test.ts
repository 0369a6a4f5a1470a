import type { AdminDeps } from '../../../functions/core/admin/admin-deps';
import { requestReevaluation } from '../../../functions/core/admin/request-reevaluation';
import { revokeImage } from '../../../functions/core/admin/revoke-image';
import type { PipelineEvent } from '../../../functions/core/events/pipeline-event';
import { reevaluationMessage } from '../../../functions/core/events/queue-message';
import { nextVerdict } from '../../../functions/core/verdict/state-machine';
import type { Verdict } from '../../../functions/core/verdict/verdict';
import { synthesiseScan } from '../../emulators/ecr';
import { pushImage } from '../../harness/image-builder';
import { sharedRegistryHost } from '../../harness/services';
import { ECR_HOST, startPipelineFixture, type PipelineFixture } from './pipeline-fixture';
import { body, findingEvent, inspectorScanEvent, pushEvent, scanEvent } from './sample-events';

const OPERATOR = 'arn:aws:iam::123456789012:role/ops';

describe('revocation spreads and sticks; tags stay bounded', () => {
  let f: PipelineFixture;
  let admin: AdminDeps;
  const handedOff: PipelineEvent[] = [];
  beforeAll(async () => {
    f = await startPipelineFixture();
    admin = { store: f.store, handOff: async (e) => void handedOff.push(e), now: () => new Date() };
  });
  afterAll(async () => {
    await f.stop();
  });

  async function verified(repository: string, completedAt = Date.now()) {
    const image = await pushImage(sharedRegistryHost(), repository, { tags: 'v1' });
    const key = { registry: ECR_HOST, repository, digest: image.digest };
    await f.deliver(body(pushEvent({ repository, digest: image.digest, tag: 'v1' })));
    const scan = synthesiseScan('ENHANCED', 1, {
      severities: ['LOW'],
      completedAt,
      repositoryName: repository,
      imageDigest: image.digest,
    });
    f.ecr.scans.set(repository, image.digest, scan);
    await f.deliver(body(inspectorScanEvent({ repository, digest: image.digest })));
    expect((await f.store.get(key))?.status).toBe('VERIFIED');
    return { image, key };
  }
  const ref = (k: { registry: string; repository: string; digest: string }) =>
    `${k.registry}/${k.repository}@${k.digest}`;
  const status = async (k: Parameters<typeof f.store.get>[0]) => (await f.store.get(k))?.status;

  it('a revocation by hand stays through a re-push, a delete and re-push, a new clean scan and a closed finding, until an operator re-evaluates', async () => {
    const { image, key } = await verified('team/held');
    await revokeImage(admin, ref(key), 'leaked build credentials', OPERATOR);
    expect(await status(key)).toBe('REVOKED');

    await f.deliver(body(pushEvent({ repository: 'team/held', digest: image.digest, tag: 'v2' })));
    await f.deliver(body(pushEvent({ repository: 'team/held', digest: image.digest, action: 'DELETE' })));
    await f.deliver(body(pushEvent({ repository: 'team/held', digest: image.digest, tag: 'v3' })));
    f.ecr.scans.set('team/held', image.digest, synthesiseScan('BASIC', 0, { completedAt: Date.now() }));
    await f.deliver(body(scanEvent({ repository: 'team/held', digest: image.digest })));
    await f.deliver(body(findingEvent({ repository: 'team/held', digest: image.digest, status: 'CLOSED' })));
    const held = await f.store.get(key);
    expect(held).toMatchObject({ status: 'REVOKED', reasons: [{ code: 'MANUAL' }] });

    await new Promise((r) => setTimeout(r, 20)); // the operator decides after the scan above
    const asked = await requestReevaluation(admin, ref(key), 'credentials rotated', OPERATOR);
    const outcome = await f.deliver(reevaluationMessage(asked.event));
    expect(outcome).toMatchObject({ result: 'done', outcome: { status: 'VERIFIED' } });
    expect(await status(key)).toBe('VERIFIED');
  });

  it('an automatic revocation is undone by a scan newer than it, not by a closed finding over the older scan', async () => {
    const { image, key } = await verified('team/cve', Date.now() - 60_000);
    const repo = 'team/cve';
    await f.deliver(
      body(
        findingEvent({
          repository: repo,
          digest: image.digest,
          cve: 'CVE-2026-4242',
          severity: 'CRITICAL',
          status: 'ACTIVE',
        }),
      ),
    );
    expect(await status(key)).toBe('REVOKED');

    // The finding closes, but the findings API still holds the scan from before the revocation.
    f.ecr.scans.set(
      repo,
      image.digest,
      synthesiseScan('ENHANCED', 1, {
        severities: ['LOW'],
        completedAt: Date.now() - 60_000,
        repositoryName: repo,
        imageDigest: image.digest,
      }),
    );
    await f.deliver(
      body(findingEvent({ repository: repo, digest: image.digest, cve: 'CVE-2026-4242', status: 'CLOSED' })),
    );
    expect(await status(key)).toBe('REVOKED');

    f.ecr.scans.set(
      repo,
      image.digest,
      synthesiseScan('ENHANCED', 1, {
        severities: ['LOW'],
        completedAt: Date.now(),
        repositoryName: repo,
        imageDigest: image.digest,
      }),
    );
    await f.deliver(
      body(findingEvent({ repository: repo, digest: image.digest, cve: 'CVE-2026-4242', status: 'CLOSED' })),
    );
    expect(await status(key)).toBe('VERIFIED');
  });

  it('an event dated in the future is invalid input: parked, nothing written', async () => {
    const image = await pushImage(sharedRegistryHost(), 'team/future');
    const time = new Date(Date.now() + 3_600_000).toISOString();
    const result = await f.deliver(
      body(pushEvent({ repository: 'team/future', digest: image.digest, time })),
    );
    expect(result).toMatchObject({ result: 'parked' });
    expect(
      await f.store.get({ registry: ECR_HOST, repository: 'team/future', digest: image.digest }),
    ).toBeUndefined();
  });

  it('a DELETE naming a tag removes the tag; the digest is DELETED only once the registry has lost it', async () => {
    const { image, key } = await verified('team/untag');
    await f.deliver(body(pushEvent({ repository: 'team/untag', digest: image.digest, tag: 'v2' })));
    await f.deliver(
      body(pushEvent({ repository: 'team/untag', digest: image.digest, tag: 'v1', action: 'DELETE' })),
    );
    expect(await f.store.get(key)).toMatchObject({ status: 'VERIFIED', tags: ['v2'] });

    const url = `http://${sharedRegistryHost()}/v2/team/untag/manifests/${image.digest}`;
    expect((await fetch(url, { method: 'DELETE' })).status).toBe(202);
    await f.deliver(
      body(pushEvent({ repository: 'team/untag', digest: image.digest, tag: 'v2', action: 'DELETE' })),
    );
    expect(await status(key)).toBe('DELETED');
  });

  it('after 10,000 pushes of new 120-character tags the verdict stays small, and a revocation works', async () => {
    const { image, key } = await verified('team/many-tags');
    let verdict: Verdict | undefined = await f.store.get(key);
    const expected = verdict!.version;
    const tag = (i: number) => `${String(i).padStart(8, '0')}${'t'.repeat(112)}`;
    const start = Date.now() - 20_000;
    for (let i = 0; i < 9_900; i++) {
      const event = {
        type: 'Observed',
        id: `push-${i}`,
        at: new Date(start + i).toISOString(),
        tags: [tag(i)],
      } as const;
      verdict = nextVerdict(verdict, event, { key, now: new Date().toISOString() }).verdict;
    }
    const last = nextVerdict(
      verdict,
      { type: 'Observed', id: 'push-9900', at: new Date().toISOString(), tags: [tag(9_900)] },
      { key, now: new Date().toISOString() },
    );
    expect(
      await f.store.putIfVersion(
        last.verdict,
        {
          version: last.verdict.version,
          recordedAt: last.verdict.updatedAt,
          event: last.event,
          status: last.verdict.status,
        },
        expected,
      ),
    ).toEqual({ written: true });
    // The last hundred pushes go through the pipeline and DynamoDB Local one by one.
    for (let i = 9_901; i <= 10_000; i++) {
      await f.deliver(body(pushEvent({ repository: 'team/many-tags', digest: image.digest, tag: tag(i) })));
    }
    const many = await f.store.get(key);
    expect(many?.tagCount).toBe(10_002); // v1, then 10,001 new tags
    expect(many?.tags.at(-1)).toBe(tag(10_000));
    expect(Buffer.byteLength(JSON.stringify(many), 'utf8')).toBeLessThan(20_000);

    const revoked = await revokeImage(admin, ref(key), 'too many tags is not a reason, but a test', OPERATOR);
    expect(revoked).toMatchObject({ changed: true, verdict: { status: 'REVOKED' } });
  });
});
