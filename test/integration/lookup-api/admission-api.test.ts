import '../http/quiet-powertools';
import { DynamoDbVerdictStore } from '../../../functions/adapters/dynamodb/dynamodb-verdict-store';
import type { AdmissionReviewAnswer } from '../../../functions/core/admission/admission-review';
import { listConformance, readConformanceJson } from '../../support/conformance';
import { imageKey, refOf, testConfig } from '../../unit/core/lookup/lookup-fixtures';
import { admissionReview, workload, WORKLOAD_KINDS } from '../../unit/core/admission/workloads';
import { failed, observed, passed, revoked } from '../../unit/core/verdict/verdict-events';
import { dynamoClient, startApiFixture, type ApiFixture } from './api-fixture';
import { deadEndpoint } from './dead-endpoint';

const KUBEWARDEN = ['admission', 'kubewarden-verify-image-signatures'];
/** The digest-pinned nginx of the Kubewarden sample, verified in this test's table. */
const NGINX = {
  registry: 'docker.io',
  repository: 'library/nginx',
  digest: 'sha256:89102e348749bb17a6a651a4b2a17420e1a66d2a44a675b981973d49a5af3a5e',
};

let api: ApiFixture;

beforeAll(async () => {
  // Docker Hub's library/ is allowed here so that the real Kubewarden samples can be verified.
  const config = testConfig({
    allowlist: {
      registries: [{ accountId: '123456789012', region: 'us-east-1' }, { host: 'docker.io' }],
      repositories: ['team/**', 'library/**'],
    },
  });
  api = await startApiFixture('admission', { config });
  await api.record(imageKey('1'), observed('p1', 0), passed('e1', 10));
  await api.record(imageKey('2'), observed('p2', 0), failed('e2', 10));
  await api.record(imageKey('3'), observed('p3', 0), passed('e3', 10), revoked('r3', 20));
  await api.record(NGINX, observed('n', 0), passed('n', 10));
});

beforeEach(() => api.calls.reset());

async function review(
  body: unknown,
  overrides?: Parameters<ApiFixture['call']>[1],
): Promise<AdmissionReviewAnswer> {
  const response = await api.call({ path: '/v1/admission/validate', body: JSON.stringify(body) }, overrides);
  expect(response.statusCode).toBe(200);
  return response.json<AdmissionReviewAnswer>();
}

/** A Kubewarden sample (the inner request only) in its AdmissionReview envelope. */
function kubewarden(file: string): { apiVersion: string; kind: string; request: { uid: string } } {
  return {
    apiVersion: 'admission.k8s.io/v1',
    kind: 'AdmissionReview',
    request: readConformanceJson<{ uid: string }>(...KUBEWARDEN, file),
  };
}

describe('POST /v1/admission/validate with the real samples', () => {
  it('denies the Kyverno docs Pod (busybox by tag) in namespace foo and echoes its uid', async () => {
    const sample = readConformanceJson<{ request: { uid: string } }>(
      'admission',
      'admissionreview',
      'admissionreview-v1-pod-create.kyverno-docs.json',
    );

    const { response } = await review(sample);

    expect(response.uid).toBe('3d4fc6c1-7906-47d9-b7da-fc2b22353643');
    expect(response.allowed).toBe(false);
    expect(response.status).toEqual({
      code: 403,
      message: expect.stringMatching(
        /^image-trust denied Pod foo\/mypod: 1 of 1 image\(s\) may not run: busybox \(container busybox\): REJECTED: image reference 'busybox' has no digest: .*`image-trust resolve busybox`$/,
      ),
    });
    expect(api.calls.reads).toBe(0);
  });

  it.each(listConformance(...KUBEWARDEN).filter((f) => f.endsWith('.json') && !f.includes('with_digest')))(
    'denies the tag-only images of %s, echoing the uid',
    async (file) => {
      const { response } = await review(kubewarden(file));

      expect(response.uid).toBe('1299d386-525b-4032-98ae-1949f69f9cfc');
      expect(response.allowed).toBe(false);
      expect(response.status?.message).toMatch(/no digest: a digest \(@sha256:\.\.\.\) is required/);
    },
  );

  it('allows the digest-pinned nginx of the Kubewarden sample once its digest is verified', async () => {
    const { response } = await review(kubewarden('admissionrequest-pod_creation_with_digest.json'));

    expect(response).toEqual({ uid: '1299d386-525b-4032-98ae-1949f69f9cfc', allowed: true });
    expect(api.calls.reads).toBe(1);
  });

  it('names both images of the Kubewarden pod with an init container', async () => {
    const { response } = await review(kubewarden('admissionrequest-pod_creation_with_init_container.json'));

    expect(response.status?.message).toContain('2 of 2 image(s) may not run: nginx (container nginx)');
    expect(response.status?.message).toContain('init (container init)');
  });
});

describe('POST /v1/admission/validate for every workload kind', () => {
  it.each(WORKLOAD_KINDS.map(([kind]) => kind))('allows a %s of verified images', async (kind) => {
    const object = workload(kind, {
      containers: [refOf(imageKey('1'))],
      initContainers: [refOf(imageKey('1'))],
    });

    const { response } = await review(
      admissionReview(kind, object, { namespace: 'team-a', uid: `allow-${kind}` }),
    );

    expect(response).toEqual({ uid: `allow-${kind}`, allowed: true });
  });

  it.each(WORKLOAD_KINDS.map(([kind]) => kind))(
    'denies a %s with rejected, revoked and unknown images',
    async (kind) => {
      const images = [refOf(imageKey('2')), refOf(imageKey('3')), refOf(imageKey('9'))];
      const object = workload(kind, { containers: images });

      const { response } = await review(
        admissionReview(kind, object, { namespace: 'team-a', uid: `deny-${kind}` }),
      );

      expect(response.uid).toBe(`deny-${kind}`);
      expect(response.allowed).toBe(false);
      expect(response.status?.message).toContain(`${images[0]} (container c0): REJECTED`);
      expect(response.status?.message).toContain(`${images[1]} (container c1): REVOKED`);
      expect(response.status?.message).toContain(`${images[2]} (container c2): UNKNOWN`);
      expect(response.warnings).toHaveLength(3);
      expect(api.calls.reads).toBe(1);
    },
  );
});

describe('POST /v1/admission/validate modes and failures', () => {
  const unknownPod = () => workload('Pod', { containers: [refOf(imageKey('9'))] });

  it('allows with warnings in a warn namespace', async () => {
    const { response } = await review(admissionReview('Pod', unknownPod(), { namespace: 'legacy' }));

    expect(response.allowed).toBe(true);
    expect(response.warnings).toEqual([
      expect.stringMatching(/^image-trust \(warn\): team\/app@sha256:999999999999: UNKNOWN/),
    ]);
  });

  it('allows an exempt namespace without reading', async () => {
    const { response } = await review(admissionReview('Pod', unknownPod(), { namespace: 'kube-system' }));

    expect(response.allowed).toBe(true);
    expect(api.calls.reads).toBe(0);
  });

  it('denies with the reason when the table is missing (fail closed)', async () => {
    const store = new DynamoDbVerdictStore({ client: dynamoClient(), tableName: 'no-such-table' });
    const pod = workload('Pod', { containers: [refOf(imageKey('1'))] });

    const { response } = await review(admissionReview('Pod', pod, { namespace: 'team-a' }), { store });

    expect(response.allowed).toBe(false);
    expect(response.status?.message).toMatch(
      /UNKNOWN: the verdict could not be read \(UPSTREAM\): denied until it can/,
    );
  });

  it('denies with the reason when DynamoDB cannot be reached, and only warns in a warn namespace', async () => {
    const store = new DynamoDbVerdictStore({
      client: dynamoClient(await deadEndpoint(), 1),
      tableName: api.tableName,
    });
    const pod = workload('Pod', { containers: [refOf(imageKey('1'))] });

    const enforce = await review(admissionReview('Pod', pod, { namespace: 'team-a' }), { store });
    const warn = await review(admissionReview('Pod', pod, { namespace: 'legacy' }), { store });

    expect(enforce.response.allowed).toBe(false);
    expect(enforce.response.status?.message).toMatch(/could not be read/);
    expect(warn.response.allowed).toBe(true);
    expect(warn.response.warnings).toEqual([expect.stringMatching(/UNKNOWN: the verdict could not be read/)]);
  });

  it('never writes to the table', async () => {
    const before = await api.itemCount();

    await review(admissionReview('Pod', unknownPod(), { namespace: 'team-a' }));

    expect(api.calls.writes).toBe(0);
    expect(await api.itemCount()).toBe(before);
  });
});
