import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDbVerdictStore } from '../../functions/adapters/dynamodb/dynamodb-verdict-store';
import { OciRegistryClient } from '../../functions/adapters/registry/oci-registry-client';
import { checkSeal, trustedSealKeys } from '../../functions/core/verdict/verdict-seal';
import { TABLE_NAME } from '../../bin/local/local-stack';
import { parseManifest } from '../../functions/core/cosign/oci-manifest';
import { SIGSTORE_BUNDLE_V03 } from '../../functions/core/cosign/media-types';
import { attestationTag, signatureTag } from '../../functions/core/reference/artifact-tags';
import { pushImage } from '../../bin/local/image-builder';
import { freePort } from '../../bin/local/services/free-port';
import { isLoopback, listeningSockets, processGroup } from '../harness/listening-sockets';
import { COSIGN_BIN } from '../harness/verifiers';
import { admissionReview, workload } from '../unit/core/admission/workloads';

const ROOT = resolve(__dirname, '../..');
const TSX = join(ROOT, 'node_modules/.bin/tsx');

interface Running {
  readonly child: ChildProcess;
  output(): string;
}

function runNpmStart(env: NodeJS.ProcessEnv): Running {
  const child = spawn(TSX, ['bin/start.ts'], {
    cwd: ROOT,
    env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  child.stdout?.on('data', (d: Buffer) => (log += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (log += d.toString()));
  return { child, output: () => log };
}

async function waitFor<T>(
  what: string | (() => string),
  probe: () => Promise<T | undefined>,
  timeoutMs = 60_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline)
      throw new Error(`timed out waiting for ${typeof what === 'function' ? what() : what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

function kill(running: Running, signal: NodeJS.Signals): Promise<void> {
  return new Promise((done) => {
    if (running.child.exitCode !== null || running.child.signalCode !== null) return done();
    running.child.once('exit', () => done());
    try {
      process.kill(-running.child.pid!, signal);
    } catch {
      done();
    }
  });
}

const trivy = (vulns: object[]) =>
  JSON.stringify({
    SchemaVersion: 2,
    CreatedAt: new Date().toISOString(),
    ArtifactName: 'e2e',
    Results: [{ Target: 'e2e', Vulnerabilities: vulns }],
  });

/** Issue 7 as a user sees it: `npm start`, `npm run demo`, the printed cosign command, and a crash. */
describe('the local mode (npm start)', () => {
  let dataDir: string;
  let env: NodeJS.ProcessEnv;
  let api: string;
  let registryHost: string;
  let running: Running | undefined;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'image-trust-test-e2e-'));
    const [apiPort, registryPort] = [await freePort(), await freePort()];
    api = `http://127.0.0.1:${apiPort}`;
    registryHost = `127.0.0.1:${registryPort}`;
    env = {
      ...process.env,
      IMAGE_TRUST_DATA: dataDir,
      IMAGE_TRUST_PORT: String(apiPort),
      IMAGE_TRUST_REGISTRY_PORT: String(registryPort),
      IMAGE_TRUST_SWEEP_MS: '2000',
      POWERTOOLS_LOG_LEVEL: 'WARN',
    };
  });
  afterAll(async () => {
    if (running) await kill(running, 'SIGTERM');
    rmSync(dataDir, { recursive: true, force: true });
  });

  const healthy = async (r: Running) =>
    waitFor(
      () => `npm start to answer (${r.output()})`,
      async () => ((await fetch(`${api}/healthz`)).ok ? true : undefined),
    );

  it('runs the demo: one VERIFIED, one REJECTED, and the printed cosign command verifies the signed image', async () => {
    running = runNpmStart(env);
    await healthy(running);
    expect(running.output()).toContain(`lookup API      ${api}`);

    const demo = await new Promise<{ code: number; stdout: string }>((done) =>
      execFile(TSX, ['bin/demo.ts'], { cwd: ROOT, env }, (error, stdout) =>
        done({ code: error ? 1 : 0, stdout }),
      ),
    );
    expect(demo.stdout).toMatch(/VERIFIED {2}127\.0\.0\.1:\d+\/demo\/web@sha256:/);
    expect(demo.stdout).toMatch(/REJECTED {2}127\.0\.0\.1:\d+\/demo\/legacy@sha256:/);
    expect(demo.stdout).toContain('CVE-2024-3094');
    expect(demo.code).toBe(0);

    const command = /^\s+(\S*cosign verify .*)$/m.exec(demo.stdout)?.[1];
    expect(command).toBeDefined();
    const args = command!.split(/\s+/).slice(1);
    const verified = await new Promise<{ code: number; stderr: string }>((done) =>
      execFile(
        COSIGN_BIN,
        args,
        { cwd: ROOT, env: { PATH: process.env.PATH, HOME: dataDir } },
        (error, _out, stderr) => done({ code: error ? 1 : 0, stderr }),
      ),
    );
    expect(verified.stderr).toContain('The signatures were verified against the specified public key');
    expect(verified.code).toBe(0);
  });

  it('listens on loopback only: every socket of npm start, DynamoDB Local included (ss -ltnp)', async () => {
    running ??= runNpmStart(env);
    await healthy(running);
    const ours = processGroup(running.child.pid!);
    const sockets = listeningSockets().filter((s) => s.pids.some((pid) => ours.has(pid)));
    const dynamoPort = Number(/DynamoDB Local {2}http:\/\/127\.0\.0\.1:(\d+)/.exec(running.output())?.[1]);
    const ports = sockets.map((s) => s.port);
    // The API, the registry and DynamoDB Local's front are all there, and nothing listens elsewhere.
    expect(ports).toEqual(
      expect.arrayContaining([Number(new URL(api).port), Number(registryHost.split(':')[1]), dynamoPort]),
    );
    expect(sockets.filter((s) => !isLoopback(s.address))).toEqual([]);
    // The JVM itself listens only inside its own network namespace: its port 8000 is nowhere here.
    expect(sockets.some((s) => s.port === 8000)).toBe(false);
  });

  it('refuses a foreign Origin, a form POST and a notification without the registry token', async () => {
    running ??= runNpmStart(env);
    await healthy(running);
    const fromPage = await fetch(`${api}/healthz`, { headers: { origin: 'http://evil.example' } });
    expect(fromPage.status).toBe(403);
    const form = await fetch(`${api}/v1/admin/revocations`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: '{}',
    });
    expect(form.status).toBe(415);
    const forged = await fetch(`${api}/local/registry-notifications`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ events: [] }),
    });
    expect(forged.status).toBe(401);
  });

  it('seals the verdict of an image it verifies with the local key, as the signer function does', async () => {
    running ??= runNpmStart(env);
    await healthy(running);
    const image = await pushImage(registryHost, 'seal/app', {
      tags: 'v1',
      annotations: { 'trivy.scan.result': trivy([]) },
    });
    const dynamoPort = /DynamoDB Local {2}http:\/\/127\.0\.0\.1:(\d+)/.exec(running.output())?.[1];
    const dynamo = new DynamoDBClient({
      endpoint: `http://127.0.0.1:${dynamoPort}`,
      region: 'local',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    try {
      const store = new DynamoDbVerdictStore({ client: dynamo, tableName: TABLE_NAME });
      const key = { registry: registryHost, repository: 'seal/app', digest: image.digest };
      const verdict = await waitFor('a VERIFIED verdict', async () => {
        const read = await store.get(key);
        return read?.status === 'VERIFIED' ? read : undefined;
      });
      const trusted = trustedSealKeys([readFileSync(join(dataDir, 'cosign.pub'), 'utf8')]);
      expect(checkSeal(verdict, trusted)).toEqual({ ok: true });
      expect(checkSeal({ ...verdict, digest: `sha256:${'0'.repeat(64)}` }, trusted)).toMatchObject({
        ok: false,
        code: 'VERDICT_TAMPERED',
      });
    } finally {
      dynamo.destroy();
    }
  });

  it('answers the EKS webhook route with the credential in its data folder, and refuses another', async () => {
    running ??= runNpmStart(env);
    await healthy(running);
    const image = await pushImage(registryHost, 'webhook/app', {
      tags: 'v1',
      annotations: { 'trivy.scan.result': trivy([]) },
    });
    const ref = `${registryHost}/webhook/app@${image.digest}`;
    const credential = readFileSync(join(dataDir, 'webhook-credential'), 'utf8').trim();
    const review = (path: string) =>
      fetch(`${api}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(admissionReview('Pod', workload('Pod', { containers: [ref] }))),
      });

    const allowed = await waitFor('an allowed AdmissionReview', async () => {
      const answer = await review(`/v1/admission/${credential}`);
      const body = (await answer.json()) as { response?: { allowed?: boolean } };
      return body.response?.allowed === true ? answer.status : undefined;
    });
    const refused = await review(`/v1/admission/${'x'.repeat(43)}`);

    expect(allowed).toBe(200);
    expect(refused.status).toBe(403);
    expect(running.output()).toContain(
      `/v1/admission/<the credential in ${join(dataDir, 'webhook-credential')}>`,
    );
    expect(running.output()).not.toContain(credential);
  });

  it('answers the ops CLI: verdict, then a revocation by hand', async () => {
    running ??= runNpmStart(env);
    await healthy(running);
    const image = await pushImage(registryHost, 'cli/app', {
      tags: 'v1',
      annotations: { 'trivy.scan.result': trivy([]) },
    });
    const ref = `${registryHost}/cli/app@${image.digest}`;
    const cli = (...args: string[]) =>
      new Promise<{ code: number; stdout: string }>((done) =>
        execFile(
          process.execPath,
          ['bin/image-trust.js', ...args, '--api', api],
          { cwd: ROOT, env },
          (error, stdout) => done({ code: error ? Number(error.code ?? 1) : 0, stdout }),
        ),
      );
    const verdict = await waitFor('VERIFIED from the CLI', async () => {
      const out = await cli('verdict', ref);
      return out.code === 0 ? out : undefined;
    });
    expect(verdict.stdout).toMatch(/VERIFIED/);
    const revoked = await cli('revoke', ref, '--reason', 'base image compromised');
    expect(revoked.stdout).toMatch(/revoked/);
    const after = await cli('verdict', ref, '--json');
    expect(after.code).toBe(1);
    expect(JSON.parse(after.stdout)).toMatchObject({ status: 'REVOKED', allowed: false });
  });

  it('killed in the middle of processing and started again, loses no verdict and signs nothing twice', async () => {
    running ??= runNpmStart(env);
    await healthy(running);
    const client = new OciRegistryClient();
    const images = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        pushImage(registryHost, `crash/app-${i % 3}`, {
          client,
          tags: `v${i}`,
          annotations: { 'trivy.scan.result': trivy([]) },
        }),
      ),
    );
    await new Promise((r) => setTimeout(r, 300));
    await kill(running, 'SIGKILL');

    running = runNpmStart(env);
    await healthy(running);
    for (const image of images) {
      const ref = `${registryHost}/${image.reference.repository}@${image.digest}`;
      const status = await waitFor(
        () => `a verdict for ${ref}; npm start said:\n${running!.output()}`,
        async () => {
          const answer = (await (
            await fetch(`${api}/v1/verdicts?image=${encodeURIComponent(ref)}`)
          ).json()) as { status: string };
          return answer.status === 'PENDING' || answer.status === 'UNKNOWN' ? undefined : answer.status;
        },
      );
      expect(status).toBe('VERIFIED');
      // The default formats: the legacy signature and the vuln attestation, once each; no bundles.
      const sig = await client.getManifest(image.reference, signatureTag(image.digest));
      expect(parseManifest(sig!.bytes).layers).toHaveLength(1);
      const att = await client.getManifest(image.reference, attestationTag(image.digest));
      expect(parseManifest(att!.bytes).layers).toHaveLength(1);
      expect(await client.referrers(image.reference, image.digest, SIGSTORE_BUNDLE_V03)).toEqual([]);
    }
  }, 180_000);
});
