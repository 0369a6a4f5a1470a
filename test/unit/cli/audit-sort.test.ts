import {
  auditExitCode,
  categoryOf,
  checkImage,
  referencesToLookUp,
  sortContainers,
  summarize,
} from '../../../bin/cli/audit-sort';
import { collectContainers, type PodContainer } from '../../../bin/cli/pod-images';
import { EXPECTED_ROWS, fixtureAnswers, NGINX_REF, readPods, REGISTRY, teamRef } from './audit-fixture';

describe('audit sorting', () => {
  it('sorts every container of the recorded pods into tag-only, unverified, rejected and verified', () => {
    // Prepare
    const { containers } = collectContainers(readPods());

    // Act
    const rows = sortContainers(containers, fixtureAnswers());

    // Assess
    expect(rows.map((r) => [r.namespace, r.pod, r.container, r.category])).toEqual(EXPECTED_ROWS);
    expect(summarize(rows)).toEqual({ total: 10, 'tag-only': 4, unverified: 2, rejected: 2, verified: 2 });
    expect(auditExitCode(rows)).toBe(1);
  });

  it('looks up each pinned digest once, by its canonical reference, and never a tag', () => {
    // Prepare
    const { containers } = collectContainers(readPods());

    // Act
    const refs = referencesToLookUp(containers);

    // Assess
    expect(refs.sort()).toEqual(
      [teamRef('web'), teamRef('worker'), teamRef('api'), teamRef('legacy'), NGINX_REF].sort(),
    );
  });

  it('gives each row its reason, the verdict status and what the kubelet runs for a tag', () => {
    // Prepare
    const { containers } = collectContainers(readPods());

    // Act
    const rows = sortContainers(containers, fixtureAnswers());

    // Assess
    const migrate = rows.find((r) => r.container === 'migrate');
    expect(migrate).toMatchObject({
      category: 'tag-only',
      reference: `${REGISTRY}/team/migrate:v3`,
      reason: expect.stringMatching(/^DIGEST_REQUIRED: /),
      note: expect.stringMatching(
        /^runs 123456789012\.dkr\.ecr\.us-east-1\.amazonaws\.com\/team\/migrate@sha256:705e/,
      ),
    });
    expect(rows.find((r) => r.container === 'legacy')).toMatchObject({
      status: 'REVOKED',
      reason: 'MANUAL: revoked by ops: leaked key',
    });
    expect(rows.find((r) => r.container === 'api')).toMatchObject({
      status: 'UNKNOWN',
      reference: teamRef('api'),
    });
    expect(rows.find((r) => r.container === 'debugger-x7k2p')?.note).toBeUndefined();
  });

  it.each([
    ['VERIFIED', 'verified'],
    ['PENDING', 'unverified'],
    ['UNKNOWN', 'unverified'],
    ['REJECTED', 'rejected'],
    ['REVOKED', 'rejected'],
    ['DELETED', 'rejected'],
  ] as const)('puts a %s verdict in %s', (status, category) => {
    // Act
    const found = categoryOf(status);

    // Assess
    expect(found).toBe(category);
  });

  it('rejects an image that does not parse, without looking it up', () => {
    // Prepare
    const container: PodContainer = {
      namespace: 'ns',
      pod: 'p',
      container: 'c',
      list: 'containers',
      image: '',
    };

    // Act
    const rows = sortContainers([container], new Map());

    // Assess
    expect(referencesToLookUp([container])).toEqual([]);
    expect(rows[0]).toMatchObject({
      category: 'rejected',
      reason: expect.stringMatching(/^INVALID_REFERENCE: /),
    });
  });

  it('reads a tag and a digest together as pinned, and a bare name as tag-only', () => {
    // Act
    const both = checkImage(`${REGISTRY}/team/api:1.4@${teamRef('api').split('@')[1]}`);
    const bare = checkImage('nginx');

    // Assess
    expect(both).toEqual({ kind: 'lookup', reference: teamRef('api') });
    expect(bare).toEqual({ kind: 'tag-only', reference: 'docker.io/library/nginx' });
  });

  it('says all is well (exit 0) only when every container is verified, or there are none', () => {
    // Prepare
    const { containers } = collectContainers(readPods());
    const verified = sortContainers(
      containers.filter((c) => c.image.includes('/team/web@')),
      fixtureAnswers(),
    );

    // Act
    const codes = [auditExitCode(verified), auditExitCode([])];

    // Assess
    expect(verified).toHaveLength(2);
    expect(codes).toEqual([0, 0]);
  });
});
