import { InvalidInputError, UnsupportedError } from '../../../../functions/core/errors';
import { imagesOf, MAX_CONTAINERS_PER_OBJECT } from '../../../../functions/core/admission/admission-images';
import { readConformanceJson } from '../../../support/conformance';
import { workload, WORKLOAD_KINDS } from './workloads';

const KUBEWARDEN = ['admission', 'kubewarden-verify-image-signatures'];

interface InnerRequest {
  readonly kind: { readonly kind: string };
  readonly object: unknown;
}

describe('imagesOf', () => {
  it.each(WORKLOAD_KINDS.map(([kind]) => kind))(
    'finds the containers, init and ephemeral containers of a %s',
    (kind) => {
      const object = workload(kind, {
        containers: ['a', 'b'],
        initContainers: ['i'],
        ephemeralContainers: ['e'],
      });

      const images = imagesOf(kind, object);

      expect(images.map((c) => [c.container, c.image])).toEqual([
        ['c0', 'a'],
        ['c1', 'b'],
        ['i0', 'i'],
        ['e0', 'e'],
      ]);
      expect(images[2]?.path).toMatch(/initContainers\[0\]$/);
    },
  );

  it('reads the pod template of a CronJob through its job template', () => {
    const images = imagesOf('CronJob', workload('CronJob', { containers: ['x'] }));

    expect(images).toEqual([
      { path: 'spec.jobTemplate.spec.template.spec.containers[0]', container: 'c0', image: 'x' },
    ]);
  });

  it('finds the images of the real Kubewarden pod and deployment requests', () => {
    const pod = readConformanceJson<InnerRequest>(
      ...KUBEWARDEN,
      'admissionrequest-pod_creation_with_init_container.json',
    );
    const deployment = readConformanceJson<InnerRequest>(
      ...KUBEWARDEN,
      'admissionrequest-deployment_creation_signed.json',
    );

    expect(imagesOf(pod.kind.kind, pod.object).map((c) => c.image)).toEqual(['nginx', 'init']);
    expect(imagesOf(deployment.kind.kind, deployment.object).map((c) => c.image)).toEqual([
      'ghcr.io/kubewarden/test-verify-image-signatures:signed',
    ]);
  });

  it('lists a container without an image with an empty image, so that it is denied', () => {
    const images = imagesOf('Pod', { spec: { containers: [{ name: 'x' }] } });

    expect(images).toEqual([{ path: 'spec.containers[0]', container: 'x', image: '' }]);
  });

  it('finds no images in an object without a pod spec', () => {
    expect(imagesOf('Deployment', { spec: {} })).toEqual([]);
    expect(imagesOf('Pod', null)).toEqual([]);
  });

  it('refuses a kind whose pod spec it does not know', () => {
    expect(() => imagesOf('ConfigMap', {})).toThrow(UnsupportedError);
  });

  it('refuses a container list that is not a list, and a container that is not an object', () => {
    expect(() => imagesOf('Pod', { spec: { containers: 'nginx' } })).toThrow(/spec.containers is not a list/);
    expect(() => imagesOf('Pod', { spec: { containers: ['nginx'] } })).toThrow(
      /spec.containers\[0\] is not an object/,
    );
  });

  it(`refuses more than ${MAX_CONTAINERS_PER_OBJECT} containers in one object`, () => {
    const many = Array.from({ length: MAX_CONTAINERS_PER_OBJECT + 1 }, () => 'x');

    expect(() => imagesOf('Pod', workload('Pod', { containers: many }))).toThrow(InvalidInputError);
    expect(() => imagesOf('Pod', workload('Pod', { containers: many }))).toThrow(
      /1001 containers.*at most 1000/,
    );
  });
});
