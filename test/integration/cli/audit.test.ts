import '../http/quiet-powertools';
import { readFileSync } from 'node:fs';
import type { AuditRow, AuditSummary } from '../../../bin/cli/audit-sort';
import { observed, passed, revoked } from '../../unit/core/verdict/verdict-events';
import { DIGESTS, EXPECTED_ROWS, PODS_FILE, REGISTRY } from '../../unit/cli/audit-fixture';
import { conformancePath } from '../../support/conformance';
import { startCliServer, type CliServer } from './cli-server';
import { runCli } from './run-cli';

let server: CliServer;
let cli: (args: readonly string[], input?: string) => ReturnType<typeof runCli>;

beforeAll(async () => {
  server = await startCliServer('audit');
  cli = (args, input) =>
    runCli(args, { env: { IMAGE_TRUST_API: server.url }, ...(input === undefined ? {} : { input }) });
  const key = (repo: string, digest: string) => ({ registry: REGISTRY, repository: `team/${repo}`, digest });
  await server.record(key('web', DIGESTS.web), observed('p1', 0), passed('e1', 10));
  await server.record(key('worker', DIGESTS.worker), observed('p2', 0));
  await server.record(key('legacy', DIGESTS.legacy), observed('p3', 0), passed('e3', 10), revoked('r3', 20));
});

afterAll(() => server.close());

describe('image-trust audit', () => {
  it('sorts the pods read from stdin into a table and exits 1 when not all are verified', async () => {
    // Act
    const run = await cli(['audit'], readFileSync(PODS_FILE, 'utf8'));

    // Assess
    expect(run.code).toBe(1);
    const lines = run.stdout.split('\n');
    expect(lines[0]).toMatch(/^NAMESPACE +POD +CONTAINER +IMAGE +CATEGORY +REASON +NOTE$/);
    const table = lines.slice(1, 1 + EXPECTED_ROWS.length).map((l) => l.split(/ {2,}/));
    expect(table.map((cells) => [cells[0], cells[1], cells[2]?.replace(/ \(.*\)$/, ''), cells[4]])).toEqual(
      EXPECTED_ROWS,
    );
    expect(run.stdout).toContain('migrate (init)');
    expect(run.stdout).toContain('debugger-x7k2p (ephemeral)');
    expect(run.stdout).toMatch(/team\/legacy@sha256:771ce1819b79… +rejected +CVE_PUBLISHED: /);
    expect(run.stdout).toMatch(
      /docker\.io\/library\/nginx@sha256:2657239ec4e1… +rejected +NOT_ALLOWLISTED: /,
    );
    expect(run.stdout).toContain(
      '10 container(s): 2 verified, 2 unverified, 2 rejected, 4 tag-only: not every image is verified\n',
    );
    expect(run.stderr).toMatch(/looking up 5 distinct digest\(s\)/);
  });

  it('reads a file and gives every row in full with --json', async () => {
    // Act
    const run = await cli(['audit', PODS_FILE, '--json', '--quiet']);

    // Assess
    expect(run.code).toBe(1);
    expect(run.stderr).toBe('');
    const { summary, containers } = run.json<{ summary: AuditSummary; containers: AuditRow[] }>();
    expect(summary).toEqual({ total: 10, 'tag-only': 4, unverified: 2, rejected: 2, verified: 2 });
    expect(containers.find((c) => c.container === 'api')).toMatchObject({
      category: 'unverified',
      status: 'UNKNOWN',
      reference: `${REGISTRY}/team/api@${DIGESTS.api}`,
      reason: expect.stringMatching(/^NO_VERDICT: /),
    });
    expect(containers.find((c) => c.container === 'worker')).toMatchObject({ status: 'PENDING' });
    expect(containers.find((c) => c.container === 'migrate')).toMatchObject({
      note: `runs ${REGISTRY}/team/migrate@${DIGESTS.migrate}`,
    });
  });

  it('exits 0 when every image is verified', async () => {
    // Prepare
    const pods = JSON.parse(readFileSync(PODS_FILE, 'utf8')) as { items: { metadata: { name: string } }[] };
    const web = { ...pods, items: pods.items.filter((p) => p.metadata.name.startsWith('web-')) };
    for (const pod of web.items as unknown as { spec: { initContainers?: unknown } }[])
      delete pod.spec.initContainers;

    // Act
    const run = await cli(['audit'], JSON.stringify(web));

    // Assess
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(
      '2 container(s): 2 verified, 0 unverified, 0 rejected, 0 tag-only: every image is verified',
    );
  });

  it('looks up more than 100 digests in batches of 100, with progress on stderr', async () => {
    // Prepare
    const hex = (i: number) => i.toString(16).padStart(64, '0');
    const items = Array.from({ length: 150 }, (_, i) => ({
      kind: 'Pod',
      metadata: { name: `job-${i}`, namespace: 'batch' },
      spec: { containers: [{ name: 'job', image: `${REGISTRY}/team/job@sha256:${hex(i)}` }] },
    }));
    const before = server.requests.length;

    // Act
    const run = await cli(['audit', '--json'], JSON.stringify({ kind: 'List', items }));

    // Assess
    expect(run.code).toBe(1);
    expect(run.json<{ summary: AuditSummary }>().summary).toMatchObject({ total: 150, unverified: 150 });
    expect(server.requests.slice(before).map((r) => r.path)).toEqual([
      '/v1/verdicts:batch',
      '/v1/verdicts:batch',
    ]);
    expect(run.stderr).toMatch(/looked up 100 of 150\n.*looked up 150 of 150\n$/);
  });

  it('audits a real k3s pod list without asking the API about tags', async () => {
    // Prepare
    const before = server.requests.length;

    // Act
    const run = await cli(['audit', conformancePath('kubernetes', 'troubleshoot-k3s-pods-kube-system.json')]);

    // Assess
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('8 container(s): 0 verified, 0 unverified, 0 rejected, 8 tag-only');
    expect(run.stdout).toContain('pin tag-only images by digest: `image-trust resolve IMAGE`');
    expect(server.requests.length).toBe(before);
  });

  it('exits 2 for input that is not a pod list', async () => {
    // Act
    const notJson = await cli(['audit'], 'NAME READY STATUS');
    const notPods = await cli(['audit'], '{"apiVersion":"v1"}');

    // Assess
    expect([notJson.code, notPods.code]).toEqual([2, 2]);
    expect(notJson.stderr).toMatch(/the input is not JSON/);
  });
});
