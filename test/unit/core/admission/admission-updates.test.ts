import { reviewAdmission } from '../../../../functions/core/admission/review-admission';
import type { AdmissionReview } from '../../../../functions/core/admission/admission-review';
import { failed, observed, passed, revoked } from '../verdict/verdict-events';
import { imageKey, memoryDeps, refOf } from '../lookup/lookup-fixtures';
import { admissionReview, workload, type WorkloadKind } from './workloads';

function setUp() {
  const deps = memoryDeps();
  deps.store.record(imageKey('1'), observed('p', 0), passed('e', 10));
  deps.store.record(imageKey('2'), observed('p', 0), failed('e', 10, ['CVE-2024-3094']));
  deps.store.record(imageKey('3'), observed('p', 0), passed('e', 10), revoked('r', 20, 'CVE-2025-0001'));
  return {
    deps,
    verified: refOf(imageKey('1')),
    rejected: refOf(imageKey('2')),
    revokedImage: refOf(imageKey('3')),
  };
}

/** An UPDATE of `kind` from `oldObject` to `object`. */
function update(
  kind: WorkloadKind | 'Scale',
  oldObject: unknown,
  object: unknown,
  extra: Partial<AdmissionReview['request']> = {},
): AdmissionReview {
  const review = admissionReview(kind, object, { namespace: 'team-a' });
  return { ...review, request: { ...review.request, operation: 'UPDATE', oldObject, ...extra } };
}

const withMetadata = (object: Record<string, unknown>, metadata: Record<string, unknown>) => ({
  ...object,
  metadata: { ...(object.metadata as object), ...metadata },
});

describe('reviewAdmission on updates: running workloads are never blocked', () => {
  it('allows a ReplicaSet scaled down while its image is revoked, without reading a verdict', async () => {
    const { deps, revokedImage } = setUp();
    const old = workload('ReplicaSet', { containers: [revokedImage] });
    const scaled = { ...old, spec: { ...(old.spec as object), replicas: 0 } };

    const { response } = await reviewAdmission(deps, update('ReplicaSet', old, scaled));

    expect(response.allowed).toBe(true);
    expect(response.warnings).toBeUndefined();
    expect(deps.store.batches).toEqual([]);
  });

  it('allows the scale subresource of a ReplicaSet whose image is revoked', async () => {
    const { deps } = setUp();
    const scale = (replicas: number) => ({ kind: 'Scale', metadata: { name: 'web' }, spec: { replicas } });
    const review = update('Scale', scale(3), scale(0), {
      subResource: 'scale',
      kind: { group: 'autoscaling', version: 'v1', kind: 'Scale' },
    });

    const { response } = await reviewAdmission(deps, review);

    expect(response.allowed).toBe(true);
    expect(deps.store.batches).toEqual([]);
  });

  it("allows a Job pod's finalizer removed while its image is revoked", async () => {
    const { deps, revokedImage } = setUp();
    const pod = workload('Pod', { containers: [revokedImage] });
    const tracked = withMetadata(pod, { finalizers: ['batch.kubernetes.io/job-tracking'] });
    const released = withMetadata(pod, { finalizers: [] });

    const { response } = await reviewAdmission(deps, update('Pod', tracked, released));

    expect(response.allowed).toBe(true);
    expect(deps.store.batches).toEqual([]);
  });

  it('allows a pod of a revoked image relabelled and annotated', async () => {
    const { deps, revokedImage } = setUp();
    const pod = workload('Pod', { containers: [revokedImage] });
    const relabelled = withMetadata(pod, { labels: { tier: 'quarantine' }, annotations: { note: 'x' } });

    const { response } = await reviewAdmission(deps, update('Pod', pod, relabelled));

    expect(response.allowed).toBe(true);
  });

  it('allows a status update and a DELETE whatever the verdict', async () => {
    const { deps, rejected } = setUp();
    const pod = workload('Pod', { containers: [rejected] });
    const status = update('Pod', pod, { ...pod, status: { phase: 'Running' } }, { subResource: 'status' });
    const del = {
      ...admissionReview('Pod', pod),
      request: { ...admissionReview('Pod', pod).request, operation: 'DELETE', oldObject: pod },
    };

    expect((await reviewAdmission(deps, status)).response.allowed).toBe(true);
    expect((await reviewAdmission(deps, del)).response.allowed).toBe(true);
    expect(deps.store.batches).toEqual([]);
  });

  it('denies an UPDATE that swaps in a rejected image, naming only the new image', async () => {
    const { deps, revokedImage, rejected } = setUp();
    const old = workload('Deployment', { containers: [revokedImage] });
    const swapped = workload('Deployment', { containers: [revokedImage], initContainers: [rejected] });

    const { response } = await reviewAdmission(deps, update('Deployment', old, swapped));

    expect(response.allowed).toBe(false);
    expect(response.status?.message).toContain(
      `1 of 1 image(s) may not run: ${rejected} (container i0): REJECTED`,
    );
    expect(response.status?.message).not.toContain(revokedImage);
    expect(deps.store.batches).toEqual([[imageKey('2')]]);
  });

  it('denies an ephemeral container with a revoked image added to a running pod', async () => {
    const { deps, verified, revokedImage } = setUp();
    const old = workload('Pod', { containers: [verified] });
    const debugged = workload('Pod', { containers: [verified], ephemeralContainers: [revokedImage] });

    const { response } = await reviewAdmission(
      deps,
      update('Pod', old, debugged, { subResource: 'ephemeralcontainers' }),
    );

    expect(response.allowed).toBe(false);
    expect(response.status?.message).toContain(`${revokedImage} (container e0): REVOKED`);
  });

  it('checks every image when the old object cannot be read', async () => {
    const { deps, revokedImage } = setUp();

    const { response } = await reviewAdmission(
      deps,
      update('Pod', { spec: { containers: 'x' } }, workload('Pod', { containers: [revokedImage] })),
    );

    expect(response.allowed).toBe(false);
  });
});
