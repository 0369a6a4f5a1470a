import { UpstreamError } from '../../../../functions/core/errors';
import { MAX_WARNING_LENGTH } from '../../../../functions/core/admission/admission-messages';
import { reviewAdmission } from '../../../../functions/core/admission/review-admission';
import { failed, observed, passed, revoked } from '../verdict/verdict-events';
import { imageKey, memoryDeps, refOf } from '../lookup/lookup-fixtures';
import { admissionReview, workload, WORKLOAD_KINDS } from './workloads';

function setUp() {
  const deps = memoryDeps();
  const verified = refOf(imageKey('1'));
  const rejected = refOf(imageKey('2'));
  const revokedImage = refOf(imageKey('3'));
  deps.store.record(imageKey('1'), observed('p', 0), passed('e', 10));
  deps.store.record(imageKey('2'), observed('p', 0), failed('e', 10, ['CVE-2024-3094']));
  deps.store.record(imageKey('3'), observed('p', 0), passed('e', 10), revoked('r', 20, 'CVE-2025-0001'));
  return { deps, verified, rejected, revokedImage, unknown: refOf(imageKey('4')) };
}

describe('reviewAdmission', () => {
  it.each(WORKLOAD_KINDS.map(([kind]) => kind))('allows a %s whose every image is verified', async (kind) => {
    const { deps, verified } = setUp();
    const review = admissionReview(
      kind,
      workload(kind, { containers: [verified], initContainers: [verified] }),
      {
        namespace: 'team-a',
      },
    );

    const answer = await reviewAdmission(deps, review);

    expect(answer).toEqual({
      apiVersion: 'admission.k8s.io/v1',
      kind: 'AdmissionReview',
      response: { uid: review.request.uid, allowed: true },
    });
    expect(deps.store.batches).toEqual([[imageKey('1')]]);
  });

  it.each(WORKLOAD_KINDS.map(([kind]) => kind))(
    'denies a %s with one unverified image, naming the image, its container and the reason',
    async (kind) => {
      const { deps, verified, revokedImage } = setUp();
      const review = admissionReview(
        kind,
        workload(kind, { containers: [verified], ephemeralContainers: [revokedImage] }),
        {
          namespace: 'team-a',
          uid: `uid-${kind}`,
        },
      );

      const { response } = await reviewAdmission(deps, review);

      expect(response.uid).toBe(`uid-${kind}`);
      expect(response.allowed).toBe(false);
      expect(response.status?.code).toBe(403);
      expect(response.status?.message).toContain(
        `image-trust denied ${kind} team-a/web: 1 of 2 image(s) may not run`,
      );
      expect(response.status?.message).toContain(`${revokedImage} (container e0): REVOKED: CVE-2025-0001`);
    },
  );

  it('denies rejected, revoked, unknown and tag-only images each with its own reason', async () => {
    const { deps, rejected, revokedImage, unknown } = setUp();
    const tagOnly = '123456789012.dkr.ecr.us-east-1.amazonaws.com/team/app:v1';
    const review = admissionReview(
      'Pod',
      workload('Pod', { containers: [rejected, revokedImage, unknown, tagOnly] }),
    );

    const { response } = await reviewAdmission(deps, review);

    expect(response.allowed).toBe(false);
    const message = response.status?.message ?? '';
    expect(message).toContain(`${rejected} (container c0): REJECTED: critical findings`);
    expect(message).toContain(`${revokedImage} (container c1): REVOKED`);
    expect(message).toContain(`${unknown} (container c2): UNKNOWN: image-trust has no verdict`);
    expect(message).toMatch(/team\/app:v1 \(container c3\): REJECTED: .*no digest.*image-trust resolve/);
    expect(response.warnings).toHaveLength(4);
  });

  it('allows with one warning per failing image in a warn namespace (the migration path)', async () => {
    const { deps, verified, unknown } = setUp();
    const review = admissionReview(
      'Deployment',
      workload('Deployment', { containers: [verified, unknown, 'nginx:1.25'] }),
      {
        namespace: 'legacy',
      },
    );

    const { response } = await reviewAdmission(deps, review);

    expect(response.allowed).toBe(true);
    expect(response.status).toBeUndefined();
    expect(response.warnings).toEqual([
      expect.stringMatching(
        /^image-trust \(warn\): team\/app@sha256:444444444444: UNKNOWN: image-trust has no/,
      ),
      expect.stringMatching(/^image-trust \(warn\): nginx:1\.25: REJECTED: registry docker\.io/),
    ]);
  });

  it('keeps every warning within 120 characters, whatever the reason', async () => {
    const { deps, rejected } = setUp();
    const long = `123456789012.dkr.ecr.us-east-1.amazonaws.com/team/${'x'.repeat(150)}@sha256:${'9'.repeat(64)}`;
    const review = admissionReview('Pod', workload('Pod', { containers: [rejected, long, '"; rm -rf /'] }));

    const { response } = await reviewAdmission(deps, review);

    expect(response.warnings).toHaveLength(3);
    for (const warning of response.warnings ?? []) {
      expect(warning.length).toBeLessThanOrEqual(MAX_WARNING_LENGTH);
      expect(warning).toMatch(/^[\x20-\x7e]+$/);
    }
  });

  it('does not check an exempt namespace and reads nothing', async () => {
    const { deps } = setUp();
    const review = admissionReview('Pod', workload('Pod', { containers: ['nginx:latest'] }), {
      namespace: 'kube-system',
    });

    const { response } = await reviewAdmission(deps, review);

    expect(response).toEqual({ uid: review.request.uid, allowed: true });
    expect(deps.store.batches).toHaveLength(0);
  });

  it('treats a namespace named like an object property by the default mode', async () => {
    const { deps } = setUp();
    const review = admissionReview('Pod', workload('Pod', { containers: ['nginx:latest'] }), {
      namespace: 'constructor',
    });

    const { response } = await reviewAdmission(deps, review);

    expect(response.allowed).toBe(false);
  });

  it('denies every image that needed a read when the store fails, with the reason (fail closed)', async () => {
    const { deps, verified } = setUp();
    deps.store.failure = new UpstreamError('ResourceNotFoundException: no such table', { retryable: true });
    const review = admissionReview('Pod', workload('Pod', { containers: [verified] }));

    const { response } = await reviewAdmission(deps, review);

    expect(response.allowed).toBe(false);
    expect(response.status?.message).toContain(
      `${verified} (container c0): UNKNOWN: the verdict could not be read`,
    );
  });

  it('only warns about a store failure in a warn namespace', async () => {
    const { deps, verified } = setUp();
    deps.store.failure = new UpstreamError('down', { retryable: true });
    const review = admissionReview('Pod', workload('Pod', { containers: [verified] }), {
      namespace: 'legacy',
    });

    const { response } = await reviewAdmission(deps, review);

    expect(response.allowed).toBe(true);
    expect(response.warnings).toEqual([expect.stringMatching(/UNKNOWN: the verdict could not be read/)]);
  });

  it('denies a timed-out lookup', async () => {
    const { deps, verified } = setUp();
    deps.store.delayMs = 500;
    const review = admissionReview('Pod', workload('Pod', { containers: [verified] }));

    const { response } = await reviewAdmission({ ...deps, timeoutMs: 10 }, review);

    expect(response.allowed).toBe(false);
    expect(response.status?.message).toMatch(/did not answer within 10 ms/);
  });

  it('denies an object with too many containers without reading', async () => {
    const { deps, verified } = setUp();
    const review = admissionReview(
      'Pod',
      workload('Pod', { containers: Array.from({ length: 1001 }, () => verified) }),
    );

    const { response } = await reviewAdmission(deps, review);

    expect(response.allowed).toBe(false);
    expect(response.status?.message).toMatch(/1001 images; image-trust checks at most 1000/);
    expect(deps.store.batches).toHaveLength(0);
  });

  it('denies a kind it cannot read images from (fail closed)', async () => {
    const { deps } = setUp();

    const { response } = await reviewAdmission(deps, admissionReview('PodTemplate', { template: {} }));

    expect(response.allowed).toBe(false);
    expect(response.status?.message).toMatch(/does not know where a PodTemplate keeps its images/);
  });

  it('allows a request without an object (DELETE, CONNECT): nothing will run', async () => {
    const { deps } = setUp();
    const review = admissionReview('Pod', null);

    const { response } = await reviewAdmission(deps, review);

    expect(response.allowed).toBe(true);
  });

  it('reads an image used by several containers once and names all of them', async () => {
    const { deps, unknown } = setUp();
    const review = admissionReview(
      'Pod',
      workload('Pod', { containers: [unknown, unknown], initContainers: [unknown] }),
    );

    const { response } = await reviewAdmission(deps, review);

    expect(deps.store.batches).toEqual([[imageKey('4')]]);
    expect(response.status?.message).toContain('(container c0, c1, i0)');
  });
});
