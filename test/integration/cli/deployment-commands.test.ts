import { rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { join } from 'node:path';
import { parse } from 'yaml';
import { TRUSTSTORE_KEY } from '../../../bin/cli/gatekeeper-trust';
import { webhookConfiguration } from '../../../bin/cli/webhook-manifest';
import {
  startS3PutObjectEmulator,
  type S3PutObjectEmulator,
} from '../../emulators/s3/s3-put-object-emulator';
import {
  startSecretsManagerEmulator,
  type SecretsManagerEmulator,
} from '../../emulators/secrets-manager/secrets-manager-emulator';
import { runCli } from './run-cli';
import { makeTestPki, type TestPki } from './test-certificates';

const PREFIX = 'https://abc123defg.execute-api.eu-west-1.amazonaws.com/v1/admission/';
const CURRENT = 'Cur0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXY';

let secrets: SecretsManagerEmulator;
let s3: S3PutObjectEmulator;
let pki: TestPki;
let secretArn: string;

/** The caller's AWS credentials and the emulators' endpoints, as the SDK reads them. */
const awsEnv = () => ({
  AWS_ACCESS_KEY_ID: 'AKIDTESTIMAGETRUST',
  AWS_SECRET_ACCESS_KEY: 'test-secret',
  AWS_SESSION_TOKEN: '',
  AWS_PROFILE: '',
  AWS_REGION: 'us-east-1',
  AWS_EC2_METADATA_DISABLED: 'true',
  AWS_ENDPOINT_URL_SECRETS_MANAGER: secrets.endpoint,
  AWS_ENDPOINT_URL_S3: s3.endpoint,
});

beforeAll(async () => {
  secrets = await startSecretsManagerEmulator();
  s3 = await startS3PutObjectEmulator(['image-trust-truststore']);
  pki = makeTestPki();
});

afterAll(async () => {
  await Promise.all([secrets.close(), s3.close()]);
  rmSync(pki.dir, { recursive: true, force: true });
});

beforeEach(() => {
  secretArn = secrets.put('image-trust-webhook', JSON.stringify({ current: CURRENT }));
});

describe('image-trust cluster-manifests', () => {
  it('prints the ValidatingWebhookConfiguration with the credential read from the secret', async () => {
    const run = await runCli(
      ['cluster-manifests', '--webhook-url', PREFIX, '--credential-secret', secretArn],
      {
        env: awsEnv(),
      },
    );

    expect(run.stderr).toContain(`read the current credential from ${secretArn}`);
    expect(run.code).toBe(0);
    const manifest = parse(run.stdout) as ReturnType<typeof webhookConfiguration> & {
      webhooks: { clientConfig: { url: string }; failurePolicy: string; timeoutSeconds: number }[];
    };
    expect(manifest).toEqual(webhookConfiguration({ url: `${PREFIX}${CURRENT}` }));
    expect(manifest.webhooks[0]).toMatchObject({
      clientConfig: { url: `${PREFIX}${CURRENT}` },
      failurePolicy: 'Fail',
      sideEffects: 'None',
      admissionReviewVersions: ['v1'],
      timeoutSeconds: 5,
    });
    expect(secrets.calls).toContain('GetSecretValue');
  });

  it('exempts the namespace it is told is its own', async () => {
    const run = await runCli(
      [
        'cluster-manifests',
        '--webhook-url',
        PREFIX,
        '--credential-secret',
        secretArn,
        '--namespace',
        'platform',
      ],
      { env: awsEnv() },
    );

    expect(run.code).toBe(0);
    expect(parse(run.stdout)).toEqual(
      webhookConfiguration({ url: `${PREFIX}${CURRENT}`, namespace: 'platform' }),
    );
  });

  it('names the output it needs when an option is missing (exit 2)', async () => {
    const run = await runCli(['cluster-manifests', '--credential-secret', secretArn], { env: awsEnv() });

    expect(run.code).toBe(2);
    expect(run.stderr).toContain('AdmissionWebhookUrlPrefix');
  });

  it('fails with exit 3 naming the secret, not a value, when the secret is not there', async () => {
    const missing = secretArn.replace('image-trust-webhook', 'no-such-secret');
    const run = await runCli(['cluster-manifests', '--webhook-url', PREFIX, '--credential-secret', missing], {
      env: awsEnv(),
    });

    expect(run.code).toBe(3);
    expect(run.stderr).toContain('ResourceNotFoundException');
    expect(run.stdout).toBe('');
  });
});

describe('image-trust rotate-webhook-credential', () => {
  it('makes a new current credential and keeps the old one as previous', async () => {
    const run = await runCli(['rotate-webhook-credential', '--credential-secret', secretArn], {
      env: awsEnv(),
    });

    expect(run.code).toBe(0);
    const stored = JSON.parse(secrets.value(secretArn)!) as { current: string; previous: string };
    expect(stored.previous).toBe(CURRENT);
    expect(stored.current).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(run.stdout).toContain('cluster-manifests');
    expect(run.stdout).not.toContain(stored.current);
    expect(run.stdout).not.toContain(CURRENT);
  });
});

describe('image-trust gatekeeper-trust', () => {
  it('uploads a CA file to the truststore bucket through the S3 API and prints the version to pin', async () => {
    const run = await runCli(
      ['gatekeeper-trust', '--bucket', 'image-trust-truststore', '--file', pki.caCert],
      {
        env: awsEnv(),
      },
    );

    expect(run.code).toBe(0);
    const versions = s3.objects.get(`image-trust-truststore/${TRUSTSTORE_KEY}`) ?? [];
    const latest = versions[versions.length - 1];
    expect(latest?.body.trim()).toBe(pki.read(pki.caCert).trim());
    expect(latest?.contentType).toBe('application/x-pem-file');
    expect(run.stdout).toContain(`truststoreVersion to "${latest?.versionId}"`);
    expect(run.stdout).toContain('npx cdk deploy --all');
    expect(run.stdout).toContain('CN=test-ca');
  });

  it('reads data["ca.crt"] of kubectl get secret -o json on stdin, and never the key beside it', async () => {
    const secret = {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'gatekeeper-webhook-server-cert', namespace: 'gatekeeper-system' },
      data: {
        'ca.crt': Buffer.from(pki.read(pki.caCert)).toString('base64'),
        'tls.crt': Buffer.from(pki.read(pki.serverCert)).toString('base64'),
        'tls.key': Buffer.from(pki.read(pki.serverKey)).toString('base64'),
      },
    };
    const run = await runCli(['gatekeeper-trust', '--bucket', 'image-trust-truststore', '--json'], {
      env: awsEnv(),
      input: JSON.stringify(secret),
    });

    expect(run.code).toBe(0);
    const answer = run.json<{ truststoreUri: string; versionId: string; subjects: string[] }>();
    expect(answer).toMatchObject({
      truststoreUri: `s3://image-trust-truststore/${TRUSTSTORE_KEY}`,
      subjects: ['CN=test-ca'],
    });
    const versions = s3.objects.get(`image-trust-truststore/${TRUSTSTORE_KEY}`) ?? [];
    const stored = versions.find((v) => v.versionId === answer.versionId);
    expect(stored?.body.trim()).toBe(pki.read(pki.caCert).trim());
    expect(stored?.body).not.toContain('PRIVATE KEY');
  });

  it.each([
    ['a private key', () => pki.read(pki.serverKey), 'private key'],
    ['no certificate', () => 'hello', 'no PEM certificate'],
    ['JSON without ca.crt', () => JSON.stringify({ data: {} }), 'data["ca.crt"]'],
  ])('refuses %s (exit 2) and uploads nothing', async (_name, input, message) => {
    const before = s3.objects.get(`image-trust-truststore/${TRUSTSTORE_KEY}`)?.length ?? 0;
    const run = await runCli(['gatekeeper-trust', '--bucket', 'image-trust-truststore'], {
      env: awsEnv(),
      input: input(),
    });

    expect(run.code).toBe(2);
    expect(run.stderr).toContain(message);
    expect(s3.objects.get(`image-trust-truststore/${TRUSTSTORE_KEY}`)?.length ?? 0).toBe(before);
  });

  it('fails with exit 3 when the bucket does not exist', async () => {
    const run = await runCli(['gatekeeper-trust', '--bucket', 'no-such-bucket', '--file', pki.caCert], {
      env: awsEnv(),
    });

    expect(run.code).toBe(3);
    expect(run.stderr).toContain('NoSuchBucket');
  });
});

describe('the CLI against a mutual-TLS API', () => {
  let server: Server;
  let api: string;
  const PEM = '-----BEGIN PUBLIC KEY-----\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE\n-----END PUBLIC KEY-----\n';

  beforeAll(async () => {
    server = createServer(
      {
        cert: pki.read(pki.serverCert),
        key: pki.read(pki.serverKey),
        ca: pki.read(pki.caCert),
        requestCert: true,
        rejectUnauthorized: true,
      },
      (req, res) => {
        const subject = (req.socket as TLSSocket).getPeerCertificate().subject?.CN;
        res.writeHead(200, { 'content-type': 'application/x-pem-file', 'x-client-cn': String(subject) });
        res.end(req.url === '/v1/public-key' ? PEM : '');
      },
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    api = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('presents --cert and --key, trusting --ca, and gets the answer', async () => {
    const run = await runCli([
      'public-key',
      '--api',
      api,
      '--cert',
      pki.clientCert,
      '--key',
      pki.clientKey,
      '--ca',
      pki.caCert,
    ]);

    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(PEM);
  });

  it('is refused without a client certificate, or with one from another CA (exit 3)', async () => {
    const caFile = join(pki.dir, 'ca-only.pem');
    writeFileSync(caFile, pki.read(pki.caCert));
    const without = await runCli(['public-key', '--api', api, '--sign', 'never'], {
      env: { NODE_EXTRA_CA_CERTS: caFile },
    });
    const stranger = await runCli([
      'public-key',
      '--api',
      api,
      '--cert',
      pki.strangerCert,
      '--key',
      pki.strangerKey,
      '--ca',
      pki.caCert,
    ]);

    expect(without.code).toBe(3);
    expect(stranger.code).toBe(3);
    expect(stranger.stderr).toContain('cannot reach the image-trust API');
  });

  it('needs --cert and --key together (exit 2)', async () => {
    const run = await runCli(['public-key', '--api', api, '--cert', pki.clientCert]);

    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--cert and --key go together');
  });
});
