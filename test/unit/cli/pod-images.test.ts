import { UsageError } from '../../../bin/cli/exit-codes';
import { collectContainers } from '../../../bin/cli/pod-images';
import { readPods } from './audit-fixture';

describe('collecting container images', () => {
  it('reads containers, init and ephemeral containers from the spec, with the running digest beside', () => {
    // Act
    const { containers } = collectContainers(readPods());

    // Assess
    expect(containers).toHaveLength(10);
    expect(containers.filter((c) => c.list === 'initContainers').map((c) => c.container)).toEqual([
      'migrate',
      'migrate',
    ]);
    expect(containers.find((c) => c.list === 'ephemeralContainers')).toEqual({
      namespace: 'shop',
      pod: 'worker-6b8f4c7d9-tq4mz',
      container: 'debugger-x7k2p',
      list: 'ephemeralContainers',
      image: 'busybox:1.36',
    });
  });

  it('audits what the spec says, not what the kubelet reports', () => {
    // Prepare
    const pod = {
      kind: 'Pod',
      metadata: { name: 'p', namespace: 'n' },
      spec: { containers: [{ name: 'app', image: 'app:v1' }] },
      status: {
        containerStatuses: [
          { name: 'app', image: 'app:v1', imageID: `docker.io/library/app@sha256:${'a'.repeat(64)}` },
        ],
      },
    };

    // Act
    const { containers } = collectContainers(pod);

    // Assess
    expect(containers[0]).toMatchObject({
      image: 'app:v1',
      runningImage: `docker.io/library/app@sha256:${'a'.repeat(64)}`,
    });
  });

  it('reads workload templates and skips kinds without a pod spec', () => {
    // Prepare
    const doc = {
      kind: 'List',
      items: [
        {
          kind: 'Deployment',
          metadata: { name: 'web', namespace: 'shop' },
          spec: { template: { spec: { containers: [{ name: 'web', image: 'web:1' }] } } },
        },
        { kind: 'Service', metadata: { name: 'web', namespace: 'shop' } },
      ],
    };

    // Act
    const { containers, skipped } = collectContainers(doc);

    // Assess
    expect(containers).toEqual([
      { namespace: 'shop', pod: 'Deployment/web', container: 'web', list: 'containers', image: 'web:1' },
    ]);
    expect(skipped).toEqual(['Service/web (no pod spec)']);
  });

  it('ignores an imageID that names no digest (a Docker image id)', () => {
    // Prepare
    const pod = {
      kind: 'Pod',
      metadata: { name: 'p', namespace: 'n' },
      spec: { containers: [{ name: 'app', image: 'app:v1' }] },
      status: { containerStatuses: [{ name: 'app', imageID: `sha256:${'b'.repeat(64)}` }] },
    };

    // Act
    const { containers } = collectContainers(pod);

    // Assess
    expect(containers[0]?.runningImage).toBeUndefined();
  });

  it.each([
    ['not an object', 42],
    ['an object without items or kind', { apiVersion: 'v1' }],
    ['a list whose item is not an object', { kind: 'List', items: ['pod'] }],
    [
      'a pod whose containers are not a list',
      { kind: 'Pod', metadata: { name: 'p' }, spec: { containers: {} } },
    ],
  ])('refuses %s as a usage error', (_what, doc) => {
    // Act
    const act = () => collectContainers(doc);

    // Assess
    expect(act).toThrow(UsageError);
  });
});
