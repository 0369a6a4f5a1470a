import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { ECRClient } from '@aws-sdk/client-ecr';
import { sharedRegistryUrl } from '../../harness/services';
import { startEcrEmulator, type EcrEmulator } from '../../emulators/ecr';

export const ERRORS_DIR = resolve(__dirname, '../../../../shared/conformance/ecr-api/errors');
export const HOUR = 60 * 60 * 1000;

/** The message part of a real AWS CLI error line: `An error occurred (X) when calling the Y operation...: MESSAGE`. */
export function cliErrorMessage(file: string): string {
  const line = readFileSync(resolve(ERRORS_DIR, file), 'utf8').trim();
  const match = /^An error occurred \((\w+)\) when calling the (\w+) operation(?: \([^)]*\))?: (.*)$/.exec(
    line,
  );
  if (!match?.[3]) throw new Error(`not a CLI error line: ${line}`);
  return match[3];
}

export function digestOf(bytes: Uint8Array | string): string {
  return `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
}

export function clientFor(emulator: EcrEmulator, maxAttempts = 1): ECRClient {
  return new ECRClient({
    endpoint: emulator.endpoint,
    region: emulator.region,
    credentials: { accessKeyId: 'AKIDTESTIMAGETRUST', secretAccessKey: 'test-secret' },
    maxAttempts,
  });
}

/** Pushes a one-layer Docker image to the real registry; returns its manifest digest. */
export async function pushImage(registryUrl: string, repository: string, tag: string): Promise<string> {
  const layer = randomBytes(512);
  const config = Buffer.from(
    JSON.stringify({ architecture: 'amd64', os: 'linux', rootfs: { type: 'layers' } }),
  );
  for (const blob of [layer, config]) {
    const start = await fetch(`${registryUrl}/v2/${repository}/blobs/uploads/`, { method: 'POST' });
    const location = new URL(start.headers.get('location') ?? '', registryUrl);
    location.searchParams.set('digest', digestOf(blob));
    expect((await fetch(location, { method: 'PUT', body: blob })).status).toBe(201);
  }
  const manifest = JSON.stringify({
    schemaVersion: 2,
    mediaType: 'application/vnd.docker.distribution.manifest.v2+json',
    config: {
      mediaType: 'application/vnd.docker.container.image.v1+json',
      size: config.length,
      digest: digestOf(config),
    },
    layers: [
      {
        mediaType: 'application/vnd.docker.image.rootfs.diff.tar.gzip',
        size: layer.length,
        digest: digestOf(layer),
      },
    ],
  });
  const put = await fetch(`${registryUrl}/v2/${repository}/manifests/${tag}`, {
    method: 'PUT',
    headers: { 'content-type': 'application/vnd.docker.distribution.manifest.v2+json' },
    body: manifest,
  });
  expect(put.status).toBe(201);
  return digestOf(manifest);
}

/** The emulator of one test file (in front of the shared registry), on a clock the tests move. */
export interface EcrEmulatorFixture {
  readonly emulator: EcrEmulator;
  readonly ecr: ECRClient;
  readonly password: string;
  /** The emulator's clock, in epoch ms; tests move it. */
  now: number;
}

/**
 * Starts the emulator before the file's tests, with a real SDK client, and stops both after; faults and
 * counters are cleared before each test. Call it inside a describe block.
 */
export function useEcrEmulator(): EcrEmulatorFixture {
  let emulator: EcrEmulator | undefined;
  let ecr: ECRClient | undefined;
  const started = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('the ECR emulator is used before beforeAll');
    return value;
  };
  const fixture: EcrEmulatorFixture = {
    now: Date.parse('2026-03-01T12:00:00Z'),
    password: 'emulated-password',
    get emulator() {
      return started(emulator);
    },
    get ecr() {
      return started(ecr);
    },
  };
  beforeAll(async () => {
    emulator = await startEcrEmulator({
      registryUrl: sharedRegistryUrl(),
      password: fixture.password,
      now: () => fixture.now,
    });
    ecr = clientFor(emulator);
  });
  afterAll(async () => {
    ecr?.destroy();
    await emulator?.stop();
  });
  beforeEach(() => {
    emulator?.faults.clear();
    emulator?.calls.reset();
  });
  return fixture;
}
