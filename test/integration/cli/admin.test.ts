import '../http/quiet-powertools';
import type { AdminAnswer } from '../../../functions/admin-api/admin-routes';
import { observed, passed } from '../../unit/core/verdict/verdict-events';
import { REGISTRY } from '../../unit/cli/audit-fixture';
import { startCliServer, type CliServer } from './cli-server';
import { runCli } from './run-cli';

const key = (hex: string) => ({
  registry: REGISTRY,
  repository: 'team/ops',
  digest: `sha256:${hex.repeat(64)}`,
});
const ref = (k: ReturnType<typeof key>) => `${k.registry}/${k.repository}@${k.digest}`;

let server: CliServer;
let cli: (args: readonly string[]) => ReturnType<typeof runCli>;

beforeAll(async () => {
  server = await startCliServer('admin');
  cli = (args) => runCli(args, { env: { IMAGE_TRUST_API: server.url } });
});

afterAll(() => server.close());

describe('image-trust revoke', () => {
  it('revokes a verified image with the reason, after which verdict denies it', async () => {
    // Prepare
    const k = key('1');
    await server.record(k, observed('p1', 0), passed('e1', 10));

    // Act
    const revoke = await cli(['revoke', ref(k), '--reason', 'built from a compromised base image']);
    const verdict = await cli(['verdict', ref(k)]);

    // Assess
    expect(revoke.code).toBe(0);
    expect(revoke.stdout).toMatch(/^revoked \(event manual:[0-9a-f-]{36}\)\n\n/);
    expect(revoke.stdout).toContain('status      REVOKED: may not run');
    expect(verdict.code).toBe(1);
    expect(verdict.stdout).toContain(
      'reasons     [signature] MANUAL: revoked by local: built from a compromised base image\n',
    );
    expect((await server.store.get(k))?.status).toBe('REVOKED');
  });

  it('prints the admin answer as JSON with --json', async () => {
    // Prepare
    const k = key('2');
    await server.record(k, observed('p2', 0), passed('e2', 10));

    // Act
    const run = await cli(['revoke', '--json', ref(k), '--reason', 'x']);

    // Assess
    expect(run.code).toBe(0);
    expect(run.json<AdminAnswer>()).toMatchObject({
      action: 'revoked',
      changed: true,
      verdict: { status: 'REVOKED' },
    });
  });

  it('exits 1 for a digest image-trust has no verdict for', async () => {
    // Act
    const run = await cli(['revoke', ref(key('3')), '--reason', 'x']);

    // Assess
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/404 NOT_FOUND: image-trust has no verdict for/);
  });

  it('exits 2 without a reason, calling nothing', async () => {
    // Prepare
    const before = server.requests.length;

    // Act
    const run = await cli(['revoke', ref(key('1'))]);

    // Assess
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/revoke needs --reason TEXT/);
    expect(server.requests.length).toBe(before);
  });

  it('exits 3 with a hint when the admin API has no admin routes', async () => {
    // Act
    const run = await runCli(['revoke', ref(key('1')), '--reason', 'x'], {
      env: { IMAGE_TRUST_API: server.url, IMAGE_TRUST_ADMIN_API: `${server.url}/nowhere` },
    });

    // Assess
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(/ROUTE_NOT_FOUND.*point --admin-api at the admin API/);
  });
});

describe('image-trust reevaluate', () => {
  it('asks the signer for a re-evaluation and shows the verdict until it runs', async () => {
    // Prepare
    const k = key('4');
    await server.record(k, observed('p4', 0), passed('e4', 10));

    // Act
    const run = await cli(['reevaluate', ref(k), '--reason', 'policy 2025-02 published']);

    // Assess
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(
      /^re-evaluation requested \(event manual:[0-9a-f-]{36}\); until it runs the verdict is:/,
    );
    expect(run.stdout).toContain('status      VERIFIED: may run');
    expect(server.handedOff).toContainEqual(
      expect.objectContaining({
        type: 'ReevaluationRequested',
        image: k,
        reason: 'policy 2025-02 published (requested by local)',
      }),
    );
  });
});
