import '../http/quiet-powertools';
import type { BreakGlassListing } from '../../../functions/admin-api/break-glass-route';
import type { AdmissionReviewAnswer } from '../../../functions/core/admission/admission-review';
import { failed, observed } from '../../unit/core/verdict/verdict-events';
import { REGISTRY } from '../../unit/cli/audit-fixture';
import { startCliServer, type CliServer } from './cli-server';
import { runCli } from './run-cli';

const key = { registry: REGISTRY, repository: 'team/pay', digest: `sha256:${'7'.repeat(64)}` };
const image = `${key.registry}/${key.repository}@${key.digest}`;

let server: CliServer;
const cli = (args: readonly string[]) => runCli(args, { env: { IMAGE_TRUST_API: server.url } });

beforeAll(async () => {
  server = await startCliServer('break-glass');
  await server.record(key, observed('p', 0), failed('e', 10));
});

afterAll(() => server.close());

async function admit(namespace: string, uid: string): Promise<AdmissionReviewAnswer> {
  const response = await fetch(`${server.url}/v1/admission/validate`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      apiVersion: 'admission.k8s.io/v1',
      kind: 'AdmissionReview',
      request: {
        uid,
        kind: { group: '', version: 'v1', kind: 'Pod' },
        namespace,
        operation: 'CREATE',
        userInfo: { username: 'oncall@example.com', groups: ['system:authenticated'] },
        object: {
          metadata: { name: 'pay-hotfix', annotations: { 'image-trust.dev/break-glass': 'INC-7 outage' } },
          spec: { containers: [{ name: 'app', image }] },
        },
      },
    }),
  });
  expect(response.status).toBe(200);
  return (await response.json()) as AdmissionReviewAnswer;
}

describe('break-glass through the API, DynamoDB Local and the CLI', () => {
  it('admits the annotated pod in a break-glass namespace, records the use, and `audit --break-glass` lists it', async () => {
    // Prepare: nothing recorded yet
    const before = await cli(['audit', '--break-glass']);

    // Act
    const denied = await admit('team-a', 'uid-denied');
    const admitted = await admit('payments', 'uid-glass');
    const listed = await cli(['audit', '--break-glass']);
    const asJson = await cli(['audit', '--break-glass', '--json']);

    // Assess
    expect(before.stdout).toBe('no break-glass use recorded\n');
    expect(before.code).toBe(0);
    expect(denied.response.allowed).toBe(false);
    expect(admitted.response).toMatchObject({ uid: 'uid-glass', allowed: true });
    expect(admitted.response.warnings?.[0]).toBe('image-trust: BREAK-GLASS used, recorded: INC-7 outage');
    expect(listed.code).toBe(1);
    expect(listed.stdout).toMatch(/oncall@example\.com +Pod payments\/pay-hotfix \(CREATE\)/);
    expect(listed.stdout).toContain('INC-7 outage');
    expect(listed.stdout).toContain('1 break-glass use(s)');
    expect(asJson.json<BreakGlassListing>().uses).toEqual([
      {
        user: 'oncall@example.com',
        namespace: 'payments',
        kind: 'Pod',
        name: 'pay-hotfix',
        operation: 'CREATE',
        images: [{ image, status: 'REJECTED' }],
        reason: 'INC-7 outage',
        at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
        uid: 'uid-glass',
      },
    ]);
  });

  it('refuses a FILE with --break-glass, and a bad limit on the admin route', async () => {
    const run = await cli(['audit', '--break-glass', 'pods.json']);
    const bad = await fetch(`${server.url}/v1/admin/break-glass?limit=constructor`);

    expect(run.code).toBe(2);
    expect(run.stderr).toContain('audit --break-glass takes no FILE');
    expect(bad.status).toBe(400);
  });
});
