import { SIGSTORE_BUNDLE_V03 } from '../../../functions/core/cosign/media-types';
import { attestationTag, referrersFallbackTag, signatureTag } from '../../../functions/core/reference';
import { signImage } from '../../../functions/core/signing/sign-image';
import { synthesiseScan } from '../../emulators/ecr';
import { pushImage } from '../../harness/image-builder';
import { sharedRegistryHost } from '../../harness/services';
import { expectSignedOnce } from './signed-once';
import { ECR_HOST, startPipelineFixture, type PipelineFixture } from './pipeline-fixture';
import { body, findingEvent, inspectorScanEvent, pushEvent, scanEvent } from './sample-events';

const shuffle = <T>(items: T[], seed: number): T[] => {
  const out = [...items];
  let s = seed;
  for (let i = out.length - 1; i > 0; i--) {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
};

describe('the pipeline under at-least-once, out-of-order delivery', () => {
  let f: PipelineFixture;
  beforeAll(async () => {
    f = await startPipelineFixture();
  });
  afterAll(() => f.stop());
  const repo = (repository: string) => ({ registry: ECR_HOST, repository });

  it('skips the push events of its own .sig, .att and referrer artifacts', async () => {
    const image = await pushImage(sharedRegistryHost(), 'team/artifacts');
    const writesBefore = f.dynamoCalls.snapshot();
    const signsBefore = f.kms.calls.count('Sign');
    for (const event of [
      pushEvent({ repository: 'team/artifacts', digest: image.digest, tag: signatureTag(image.digest) }),
      pushEvent({ repository: 'team/artifacts', digest: image.digest, tag: attestationTag(image.digest) }),
      pushEvent({
        repository: 'team/artifacts',
        digest: image.digest,
        tag: referrersFallbackTag(image.digest),
      }),
      pushEvent({
        repository: 'team/artifacts',
        digest: image.digest,
        artifactMediaType: SIGSTORE_BUNDLE_V03,
      }),
    ]) {
      const result = await f.deliver(body(event));
      expect(result).toMatchObject({ result: 'done', outcome: { action: 'skipped' } });
    }
    expect(f.dynamoCalls.snapshot()).toEqual(writesBefore);
    expect(await f.store.get({ ...repo('team/artifacts'), digest: image.digest })).toBeUndefined();
    expect(f.kms.calls.count('Sign')).toBe(signsBefore);
  });

  it('skips an untagged push of a bundle referrer whose event names no artifact type', async () => {
    const image = await pushImage(sharedRegistryHost(), 'team/referrer');
    const key = { ...repo('team/referrer'), digest: image.digest };
    await signImage({ registry: f.registry, signer: f.signer }, key, { formats: ['signature-bundle'] });
    const [referrer] = await f.registry.referrers(key, image.digest, SIGSTORE_BUNDLE_V03);
    const signsBefore = f.kms.calls.count('Sign');
    const result = await f.deliver(
      body(pushEvent({ repository: 'team/referrer', digest: referrer!.digest })),
    );
    expect(result).toMatchObject({
      result: 'done',
      outcome: { action: 'skipped', detail: expect.stringMatching(/signature artifact/) },
    });
    expect(await f.store.get({ ...key, digest: referrer!.digest })).toBeUndefined();
    expect(f.kms.calls.count('Sign')).toBe(signsBefore);
  });

  it('delivers each event three times, concurrently and shuffled: one signature, one verdict, a consistent history', async () => {
    const images = await Promise.all(
      [1, 2, 3].map((n) => pushImage(sharedRegistryHost(), `team/dup-${n}`, { tags: 'v1' })),
    );
    const messages: string[] = [];
    for (const [n, image] of images.entries()) {
      const repository = `team/dup-${n + 1}`;
      f.ecr.scans.set(repository, image.digest, synthesiseScan('BASIC', 1, { severities: ['LOW'] }));
      const push = body(
        pushEvent({ repository, digest: image.digest, tag: 'v1', time: '2026-11-26T10:00:00Z' }),
      );
      const scan = body(scanEvent({ repository, digest: image.digest, time: '2026-11-26T10:05:00Z' }));
      messages.push(push, push, push, scan, scan, scan);
    }
    const results = await Promise.all(shuffle(messages, 7).map((m) => f.deliver(m)));
    expect(results.filter((r) => r.result !== 'done')).toEqual([]);

    for (const [n, image] of images.entries()) {
      const key = { ...repo(`team/dup-${n + 1}`), digest: image.digest };
      const verdict = await f.store.get(key);
      expect(verdict).toMatchObject({ status: 'VERIFIED', tags: ['v1'] });
      await expectSignedOnce(f.registry, key);
      const history = await f.store.history(key);
      // One entry per distinct change; versions form a gap-free chain ending at the verdict's version.
      expect(history.map((h) => h.version)).toEqual(
        Array.from({ length: verdict!.version }, (_, i) => verdict!.version - i),
      );
      expect(history.length).toBeLessThanOrEqual(2);
      expect(history[0]?.status).toBe('VERIFIED');
    }
  });

  it('revokes a verified image on a new CRITICAL Inspector finding, naming the CVE, and restores it when the finding closes', async () => {
    const image = await pushImage(sharedRegistryHost(), 'team/revoke');
    const key = { ...repo('team/revoke'), digest: image.digest };
    f.ecr.scans.set(
      'team/revoke',
      image.digest,
      synthesiseScan('ENHANCED', 1, {
        severities: ['LOW'],
        repositoryName: 'team/revoke',
        imageDigest: image.digest,
      }),
    );
    await f.deliver(body(inspectorScanEvent({ repository: 'team/revoke', digest: image.digest })));
    expect((await f.store.get(key))?.status).toBe('VERIFIED');

    const found = findingEvent({
      repository: 'team/revoke',
      digest: image.digest,
      cve: 'CVE-2026-1234',
      severity: 'CRITICAL',
      score: 9.8,
      status: 'ACTIVE',
    });
    const revoked = await f.deliver(body(found));
    expect(revoked).toMatchObject({ result: 'done', outcome: { action: 'revoked', status: 'REVOKED' } });
    const verdict = await f.store.get(key);
    expect(verdict?.status).toBe('REVOKED');
    expect(verdict?.reasons.flatMap((r) => r.cveIds ?? [])).toContain('CVE-2026-1234');

    // The finding is closed; the findings API no longer lists it.
    f.ecr.scans.set(
      'team/revoke',
      image.digest,
      synthesiseScan('ENHANCED', 1, {
        severities: ['LOW'],
        repositoryName: 'team/revoke',
        imageDigest: image.digest,
      }),
    );
    const closed = findingEvent({
      repository: 'team/revoke',
      digest: image.digest,
      cve: 'CVE-2026-1234',
      severity: 'CRITICAL',
      status: 'CLOSED',
    });
    const restored = await f.deliver(body(closed));
    expect(restored).toMatchObject({ result: 'done', outcome: { action: 'restored', status: 'VERIFIED' } });
  });
});
