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

  it('refuses a known kind without its pod spec, naming where it should be', () => {
    expect(() => imagesOf('Deployment', { spec: {} })).toThrow(
      /Deployment has no pod spec at spec.template.spec/,
    );
    expect(() => imagesOf('Pod', null)).toThrow(InvalidInputError);
  });

  it('refuses a kind whose pod spec it does not know and that has no pod template', () => {
    expect(() => imagesOf('ConfigMap', {})).toThrow(UnsupportedError);
  });

  it.each(['constructor', '__proto__', 'toString', 'hasOwnProperty'])(
    'reads a kind called %s as a plain name: not a known kind',
    (kind) => {
      expect(() => imagesOf(kind, { spec: { containers: [{ image: 'x' }] } })).toThrow(UnsupportedError);
      expect(imagesOf(kind, { spec: { template: { spec: { containers: [{ image: 'x' }] } } } })).toEqual([
        { path: 'spec.template.spec.containers[0]', container: '#0', image: 'x' },
      ]);
    },
  );

  it('reads the pod template of any other kind through the one generic path', () => {
    const rollout = { spec: { template: { spec: { containers: [{ name: 'a', image: 'x' }] } } } };
    const scheduled = workload('CronJob', { containers: ['y'] });

    expect(imagesOf('Rollout', rollout).map((c) => [c.path, c.image])).toEqual([
      ['spec.template.spec.containers[0]', 'x'],
    ]);
    expect(imagesOf('ScheduledThing', scheduled).map((c) => c.image)).toEqual(['y']);
  });

  it('finds the image volumes a pod pulls, by their reference', () => {
    const object = {
      spec: {
        containers: [{ name: 'app', image: 'a' }],
        volumes: [
          { name: 'config', configMap: { name: 'x' } },
          { name: 'models', image: { reference: 'm', pullPolicy: 'IfNotPresent' } },
        ],
      },
    };

    expect(imagesOf('Pod', object)).toEqual([
      { path: 'spec.containers[0]', container: 'app', image: 'a' },
      { path: 'spec.volumes[1]', container: 'volume models', image: 'm' },
    ]);
  });

  it.each([
    [
      'a container image that is a number',
      { containers: [{ name: 'a', image: 7 }] },
      /containers\[0\].image is not a string/,
    ],
    [
      'a container image that is an object',
      { containers: [{ name: 'a', image: { x: 1 } }] },
      /image is not a string/,
    ],
    [
      'an image volume reference that is a list',
      { volumes: [{ name: 'v', image: { reference: ['m'] } }] },
      /volumes\[0\].image.reference is not a string/,
    ],
    [
      'an image volume source that is not an object',
      { volumes: [{ name: 'v', image: 'm' }] },
      /volumes\[0\].image is not an object/,
    ],
    ['volumes that are not a list', { volumes: 'm' }, /spec.volumes is not a list/],
  ])('refuses %s, saying where', (_, spec, message) => {
    expect(() => imagesOf('Pod', { spec })).toThrow(message);
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
    expect(() => imagesOf('Pod', workload('Pod', { containers: many }))).toThrow(/1001 images.*at most 1000/);
  });
});
