import '../http/quiet-powertools';
import {
  startOpa,
  type ExternalData,
  type OpaEvaluator,
} from '../../harness/opa/evaluate-constraint-template';
import { imageKey, REGISTRY, refOf } from '../../unit/core/lookup/lookup-fixtures';
import {
  admissionReview,
  workload,
  WORKLOAD_KINDS,
  type WorkloadKind,
} from '../../unit/core/admission/workloads';
import { failed, observed, passed, revoked } from '../../unit/core/verdict/verdict-events';
import { startApiFixture, type ApiFixture } from '../lookup-api/api-fixture';
import { PROVIDER, providerAnswer, violations } from './gatekeeper-fixture';

/**
 * deploy/kubernetes/gatekeeper/templates/k8simagetrust.yaml in a real OPA, external_data answered by
 * the real provider (the API handler on DynamoDB Local) for exactly the keys the template asks for.
 */
let opa: OpaEvaluator;
let api: ApiFixture;
const VERIFIED = refOf(imageKey('1'));
const REJECTED = refOf(imageKey('2'));
const REVOKED = refOf(imageKey('3'));
const PENDING = refOf(imageKey('4'));
const UNKNOWN = refOf(imageKey('5'));
const VERIFIED_2 = refOf(imageKey('6'));
const TAG_ONLY = `${REGISTRY}/team/app:1.0`;

beforeAll(async () => {
  [opa, api] = await Promise.all([startOpa(), startApiFixture('gatekeeper-rego')]);
  await api.record(imageKey('1'), observed('p1', 0), passed('e1', 10));
  await api.record(imageKey('2'), observed('p2', 0), failed('e2', 10));
  await api.record(imageKey('3'), observed('p3', 0), passed('e3', 10), revoked('r3', 20));
  await api.record(imageKey('4'), observed('p4', 0));
  await api.record(imageKey('6'), observed('p6', 0), passed('e6', 10));
});

afterAll(() => opa.close());

/** The provider's real answer for these keys, as Gatekeeper would receive it. */
const answered = async (keys: string[], options: { storeFails?: boolean } = {}): Promise<ExternalData> => ({
  [PROVIDER]: await providerAnswer(api, keys, options),
});

/** The AdmissionRequest (`input.review`) for CREATE of a `kind` running `images`. */
const create = (kind: WorkloadKind, images: Parameters<typeof workload>[1]) =>
  admissionReview(kind, workload(kind, images), { namespace: 'team-a' }).request;

const update = (kind: WorkloadKind | 'Scale', oldObject: unknown, object: unknown, extra = {}) => ({
  ...admissionReview(kind, object, { namespace: 'team-a' }).request,
  operation: 'UPDATE',
  oldObject,
  ...extra,
});

describe('the image-trust ConstraintTemplate in OPA, with the provider’s real answers', () => {
  it.each(WORKLOAD_KINDS.map(([kind]) => kind))(
    'admits a %s whose every image (containers, init, ephemeral) is VERIFIED',
    async (kind) => {
      const review = create(kind, {
        containers: [VERIFIED],
        initContainers: [VERIFIED_2],
        ephemeralContainers: [VERIFIED],
      });

      expect(await violations(opa, review, await answered([VERIFIED, VERIFIED_2]))).toEqual([]);
    },
  );

  it.each([
    ['REJECTED', REJECTED, /^image-trust: \[scan\] .*: REJECTED: critical findings \(e2\)$/],
    ['REVOKED', REVOKED, /^image-trust: \[scan\] .*: REVOKED: .*CVE-2025-0001 affects this image/],
    ['PENDING', PENDING, /^image-trust: \[signature\] .*: no final verdict, denied: .*\(PENDING: PENDING\)$/],
    [
      'unknown',
      UNKNOWN,
      /^image-trust: \[signature\] .*: no final verdict, denied: .*\(UNKNOWN: NO_VERDICT\)$/,
    ],
  ])('denies a %s image, naming it and its layer', async (_, image, message) => {
    const found = await violations(opa, create('Pod', { containers: [image] }), await answered([image]));

    expect(found).toEqual([expect.stringMatching(message)]);
    expect(found[0]).toContain(image);
  });

  it('denies a tag-only image in pure Rego: no provider call (no answer is given at all)', async () => {
    const found = await violations(opa, create('Pod', { containers: [TAG_ONLY] }));

    expect(found).toEqual([
      `image-trust: [digest] ${TAG_ONLY}: not pinned by digest (use repository@sha256:...)`,
    ]);
  });

  it('denies when Gatekeeper cannot reach the provider', async () => {
    const down = { [PROVIDER]: { kind: 'TransportFailure' as const, message: 'connection refused' } };

    const found = await violations(opa, create('Pod', { containers: [VERIFIED] }), down);

    expect(found).toEqual([
      `image-trust: [signature] ${VERIFIED}: no final verdict, denied: connection refused`,
    ]);
  });

  it('denies when the provider cannot read its store', async () => {
    const found = await violations(
      opa,
      create('Pod', { containers: [VERIFIED] }),
      await answered([VERIFIED], { storeFails: true }),
    );

    expect(found).toEqual([
      expect.stringMatching(/\[signature\] .*no final verdict, denied: .*UNKNOWN: LOOKUP_FAILED/),
    ]);
  });

  it('denies an error item, a system error beside allowed items, and an item whose allowed is not true', async () => {
    const real = (await answered([VERIFIED]))[PROVIDER];
    if (real?.kind !== 'ProviderResponse') throw new Error('no provider answer');
    const item = real.response.items?.[0];
    const as = (response: object): ExternalData => ({ [PROVIDER]: { kind: 'ProviderResponse', response } });
    const pod = create('Pod', { containers: [VERIFIED] });

    const errorItem = await violations(opa, pod, as({ items: [{ key: VERIFIED, error: 'boom' }] }));
    const systemError = await violations(opa, pod, as({ items: [item], systemError: 'partly down' }));
    const notAllowed = await violations(
      opa,
      pod,
      as({ items: [{ key: VERIFIED, value: { ...(item?.value as object), allowed: 'true' } }] }),
    );

    expect(errorItem).toEqual([`image-trust: [signature] ${VERIFIED}: no final verdict, denied: boom`]);
    expect(systemError).toEqual([
      'image-trust: [signature] the provider reported an error, denied: partly down',
    ]);
    expect(notAllowed).toEqual([`image-trust: [signature] ${VERIFIED}: not verified (VERIFIED)`]);
  });

  it('checks image volumes and names one REJECTED image among VERIFIED ones in any list', async () => {
    const pod = workload('Pod', { containers: [VERIFIED], initContainers: [VERIFIED_2] });
    (pod.spec as Record<string, unknown>).volumes = [{ name: 'models', image: { reference: REJECTED } }];
    const review = admissionReview('Pod', pod, { namespace: 'team-a' }).request;

    const found = await violations(opa, review, await answered([VERIFIED, VERIFIED_2, REJECTED]));

    expect(found).toEqual([
      expect.stringMatching(
        new RegExp(`^image-trust: \\[scan\\] ${REJECTED.replace(/[.]/g, '\\.')}: REJECTED`),
      ),
    ]);
  });

  it('denies an image field that is not a string, and a Deployment without its pod template', async () => {
    const pod = { metadata: { name: 'x' }, spec: { containers: [{ name: 'a', image: 7 }] } };
    const deployment = { metadata: { name: 'd' }, spec: { replicas: 1 } };

    expect(await violations(opa, admissionReview('Pod', pod).request)).toEqual([
      'image-trust: [digest] containers[0].image is not a string: denied',
    ]);
    expect(await violations(opa, admissionReview('Deployment', deployment).request)).toEqual([
      'image-trust: [digest] the Deployment has no pod spec at spec.template.spec: denied',
    ]);
  });

  it('reads another kind through the generic pod-template path', async () => {
    const rollout = {
      metadata: { name: 'r' },
      spec: { template: { spec: { containers: [{ name: 'a', image: REVOKED }] } } },
    };
    const review = admissionReview('Rollout', rollout, { group: 'argoproj.io' }).request;

    expect(await violations(opa, review, await answered([REVOKED]))).toEqual([
      expect.stringContaining(`[scan] ${REVOKED}: REVOKED`),
    ]);
  });
});

describe('the image-trust ConstraintTemplate on updates: running workloads are never blocked', () => {
  it('admits a ReplicaSet scaled down while its image is revoked (the object and the scale subresource)', async () => {
    const old = workload('ReplicaSet', { containers: [REVOKED] });
    const scaled = { ...old, spec: { ...(old.spec as object), replicas: 0 } };
    const scale = (replicas: number) => ({ kind: 'Scale', metadata: { name: 'web' }, spec: { replicas } });

    expect(await violations(opa, update('ReplicaSet', old, scaled))).toEqual([]);
    expect(
      await violations(
        opa,
        update('Scale', scale(3), scale(0), {
          subResource: 'scale',
          kind: { group: 'autoscaling', version: 'v1', kind: 'Scale' },
        }),
      ),
    ).toEqual([]);
  });

  it("admits a Job pod's finalizer removed, and a pod of a revoked image relabelled", async () => {
    const pod = workload('Pod', { containers: [REVOKED] });
    const tracked = { ...pod, metadata: { name: 'web', finalizers: ['batch.kubernetes.io/job-tracking'] } };
    const relabelled = { ...pod, metadata: { name: 'web', labels: { tier: 'quarantine' } } };

    expect(await violations(opa, update('Pod', tracked, pod))).toEqual([]);
    expect(await violations(opa, update('Pod', pod, relabelled))).toEqual([]);
  });

  it('admits a DELETE and a status update whatever the verdict', async () => {
    const pod = workload('Pod', { containers: [REJECTED] });
    const del = { ...admissionReview('Pod', null).request, operation: 'DELETE', oldObject: pod };

    expect(await violations(opa, del)).toEqual([]);
    expect(await violations(opa, update('Pod', pod, pod, { subResource: 'status' }))).toEqual([]);
  });

  it('denies an UPDATE that swaps in a rejected image, asking the provider for the new image only', async () => {
    const old = workload('Deployment', { containers: [REVOKED] });
    const swapped = workload('Deployment', { containers: [REVOKED], initContainers: [REJECTED] });

    const found = await violations(opa, update('Deployment', old, swapped), await answered([REJECTED]));

    expect(found).toEqual([expect.stringContaining(`[scan] ${REJECTED}: REJECTED`)]);
  });
});
