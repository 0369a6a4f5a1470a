import '../http/quiet-powertools';
import { generateKeyPairSync } from 'node:crypto';
import { shortFingerprint } from '../../../functions/core/signing/key-set';
import { failed, observed, passed, revoked } from '../../unit/core/verdict/verdict-events';
import { LOCAL_KEY_PEM } from '../lookup-api/test-keys';
import { REGISTRY, teamRef } from '../../unit/cli/audit-fixture';
import { startCliServer, type CliServer } from './cli-server';
import { runCli } from './run-cli';
import { freePort } from '../../harness/free-port';

const key = (hex: string) => ({
  registry: REGISTRY,
  repository: 'team/svc',
  digest: `sha256:${hex.repeat(64)}`,
});
const ref = (k: ReturnType<typeof key>) => `${k.registry}/${k.repository}@${k.digest}`;

let server: CliServer;
let cli: (args: readonly string[], env?: NodeJS.ProcessEnv) => ReturnType<typeof runCli>;

beforeAll(async () => {
  server = await startCliServer('verdict');
  cli = (args, env = {}) => runCli(args, { env: { IMAGE_TRUST_API: server.url, ...env } });
  await server.record(key('1'), observed('p1', 0, ['v1']), passed('e1', 10));
  await server.record(key('2'), observed('p2', 0), failed('e2', 10, ['CVE-2024-3094']));
  await server.record(key('3'), observed('p3', 0), passed('e3', 10), revoked('r3', 20, 'CVE-2025-0001'));
});

afterAll(() => server.close());

describe('image-trust verdict', () => {
  it('shows a verified image with its reasons, scan and signature, and exits 0', async () => {
    // Act
    const run = await cli(['verdict', ref(key('1'))]);

    // Assess
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`image       ${ref(key('1'))}\n`);
    expect(run.stdout).toContain('status      VERIFIED: may run\n');
    expect(run.stdout).toContain('reasons     [scan] POLICY_PASSED: passed (e1)\n');
    expect(run.stdout).toMatch(/scan {8}ecr-basic, completed 2025-03-01T12:00:10\.000Z: LOW 2\n/);
    expect(run.stdout).toMatch(/signature {3}key arn:aws:kms:us-east-1:123456789012:key\/e1, signed /);
    expect(run.stdout).toContain(`signature sha256-${'a'.repeat(64)}.sig`);
  });

  it.each([
    ['2', 'REJECTED', /\[scan\] CRITICAL_FINDINGS: critical findings \(e2\) \(CVE-2024-3094\)/],
    ['3', 'REVOKED', /\[scan\] CVE_PUBLISHED: CVE-2025-0001 affects this image/],
    ['4', 'UNKNOWN', /NO_VERDICT: image-trust has no verdict/],
  ])('denies digest %s as %s with every reason, and exits 1', async (hex, status, reason) => {
    // Act
    const run = await cli(['verdict', ref(key(hex))]);

    // Assess
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(`status      ${status}: may not run`);
    expect(run.stdout).toMatch(reason);
  });

  it('prints the API answer as JSON with --json', async () => {
    // Act
    const run = await cli(['verdict', '--json', ref(key('1'))]);

    // Assess
    expect(run.code).toBe(0);
    expect(run.json()).toMatchObject({
      image: ref(key('1')),
      allowed: true,
      status: 'VERIFIED',
      final: true,
    });
  });

  it('refuses a tag with exit 2 before calling the API, naming `image-trust resolve`', async () => {
    // Prepare
    const before = server.requests.length;

    // Act
    const run = await cli(['verdict', `${REGISTRY}/team/svc:v1`]);

    // Assess
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/has no digest.*image-trust resolve/);
    expect(server.requests.length).toBe(before);
  });

  it('exits 3 when the API is not there', async () => {
    // Prepare
    const closed = `http://127.0.0.1:${await freePort()}`;

    // Act
    const run = await cli(['verdict', teamRef('web')], { IMAGE_TRUST_API: closed });

    // Assess
    expect(run.code).toBe(3);
    expect(run.stderr).toBe(`image-trust: cannot reach the image-trust API at ${closed}: ECONNREFUSED\n`);
  });

  it('signs with SigV4 for execute-api when asked to, even on loopback', async () => {
    // Prepare
    const before = server.requests.length;

    // Act
    const run = await cli(['--sign', 'always', '--region', 'eu-west-1', 'verdict', ref(key('1'))]);

    // Assess
    expect(run.code).toBe(0);
    const [request] = server.requests.slice(before);
    expect(request?.headers.authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKIDTESTIMAGETRUST\/\d{8}\/eu-west-1\/execute-api\/aws4_request, SignedHeaders=accept;host;x-amz-date, Signature=[0-9a-f]{64}$/,
    );
  });

  it('calls a loopback API unsigned by default', async () => {
    // Prepare
    const before = server.requests.length;

    // Act
    await cli(['verdict', ref(key('1'))]);

    // Assess
    expect(server.requests.slice(before).map((r) => r.headers.authorization)).toEqual([undefined]);
  });
});

describe('image-trust public-key', () => {
  it('exits 1 while no key is published', async () => {
    // Act
    const run = await cli(['public-key']);

    // Assess
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/404 NOT_FOUND/);
  });

  it('prints the PEM, or the key id and PEM as JSON', async () => {
    // Prepare
    await server.publicKeys.put('arn:aws:kms:us-east-1:123456789012:key/k1', LOCAL_KEY_PEM);

    // Act
    const pem = await cli(['public-key']);
    const json = await cli(['public-key', '--json']);

    // Assess
    expect(pem.code).toBe(0);
    expect(pem.stdout).toBe(LOCAL_KEY_PEM.endsWith('\n') ? LOCAL_KEY_PEM : `${LOCAL_KEY_PEM}\n`);
    expect(json.json()).toEqual({ keyId: 'arn:aws:kms:us-east-1:123456789012:key/k1', pem: pem.stdout });
  });
});

const OTHER_PEM = generateKeyPairSync('ec', { namedCurve: 'P-256' })
  .publicKey.export({ format: 'pem', type: 'spki' })
  .toString();

describe('image-trust public-keys', () => {
  it('lists every key with its state, and with --json each PEM', async () => {
    // Prepare
    const keys = [
      {
        keyId: 'alias/new',
        state: 'active',
        fingerprint: shortFingerprint(LOCAL_KEY_PEM),
        pem: LOCAL_KEY_PEM,
      },
      { keyId: 'alias/old', state: 'retired', fingerprint: shortFingerprint(OTHER_PEM), pem: OTHER_PEM },
    ] as const;
    await server.publicKeys.putSet(keys);

    // Act
    const table = await cli(['public-keys']);
    const json = await cli(['public-keys', '--json']);

    // Assess
    expect(table.code).toBe(0);
    expect(table.stdout).toBe(
      `active    ${keys[0].fingerprint} alias/new\nretired   ${keys[1].fingerprint} alias/old\n`,
    );
    expect(json.json()).toEqual({ keys });
  });
});
