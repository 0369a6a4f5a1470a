import { sortContainers, summarize } from '../../../bin/cli/audit-sort';
import { collectContainers } from '../../../bin/cli/pod-images';
import { readConformanceJson } from '../../support/conformance';

interface PodList {
  readonly kind: string;
  readonly items: readonly unknown[];
}

const pods = (file: string): PodList => readConformanceJson<PodList>('kubernetes', file);

describe('audit of real pod lists (conformance/kubernetes)', () => {
  it('finds every tag-only container of a k3s cluster, -A emulated from two namespaces', () => {
    // Prepare
    const all = {
      apiVersion: 'v1',
      kind: 'List',
      items: [
        ...pods('troubleshoot-k3s-pods-kube-system.json').items,
        ...pods('troubleshoot-k3s-pods-default.json').items,
      ],
    };

    // Act
    const { containers, skipped } = collectContainers(all);
    const rows = sortContainers(containers, new Map());

    // Assess
    expect(skipped).toEqual([]);
    expect(summarize(rows)).toEqual({ total: 14, 'tag-only': 14, unverified: 0, rejected: 0, verified: 0 });
    expect(rows.find((r) => r.container === 'coredns')).toMatchObject({
      image: 'rancher/mirrored-coredns-coredns:1.12.3',
      reference: 'docker.io/rancher/mirrored-coredns-coredns:1.12.3',
      note: 'runs docker.io/rancher/mirrored-coredns-coredns@sha256:1391544c978029fcddc65068f6ad67f396e55585b664ecccd7fefba029b9b706',
    });
    expect(rows.filter((r) => r.pod.startsWith('svclb-traefik')).map((r) => r.container)).toEqual([
      'lb-tcp-80',
      'lb-tcp-443',
    ]);
  });

  it('reads a PodList whose pending pods have no container statuses', () => {
    // Prepare
    const list = pods('troubleshoot-k3s-pods-default.json');

    // Act
    const { containers } = collectContainers(list);

    // Assess
    expect(list.kind).toBe('PodList');
    expect(containers).toHaveLength(6);
    expect(containers.filter((c) => c.runningImage === undefined)).toHaveLength(2);
    expect(new Set(containers.map((c) => c.image))).toEqual(new Set(['alpine:latest']));
  });

  it('strips the docker-pullable:// prefix of a Docker runtime imageID', () => {
    // Act
    const { containers } = collectContainers(pods('kubectl-get-pods-o-json.kind-List.minikube-docker.json'));

    // Assess
    expect(containers).toEqual([
      {
        namespace: 'default',
        pod: 'queue-l4dv8',
        container: 'queue',
        list: 'containers',
        image: 'gcr.io/kuar-demo/kuard-amd64:1',
        runningImage:
          'gcr.io/kuar-demo/kuard-amd64@sha256:bd17153e9a3319f401acc7a27759243f37d422c06cbbf01cb3e1f54bbbfe14f4',
      },
    ]);
  });
});
