import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { SERVICE_MARKER } from '../../bin/local/services/service-process';

/** cosign 2.5 and skopeo 1.18 from Debian trixie, unpacked by scripts/install-verifiers.sh. */
const TRIXIE = resolve(__dirname, '../../.tools/trixie/root');
const TRIXIE_LIB = join(TRIXIE, 'usr/lib/x86_64-linux-gnu');
export const COSIGN_BIN = join(TRIXIE, 'usr/bin/cosign');
export const SKOPEO_BIN = join(TRIXIE, 'usr/bin/skopeo');

export interface RunResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

function run(
  cmd: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv,
  timeoutMs = 90_000,
): Promise<RunResult> {
  return new Promise((done) => {
    execFile(cmd, args, { env, timeout: timeoutMs, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      done({ code, stdout: stdout.toString(), stderr: stderr.toString() });
    });
  });
}

/** A scratch HOME for one verifier run, so nothing reads or writes the user's sigstore or AWS config. */
function scratch(): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), `${SERVICE_MARKER}verifier-`));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export interface CosignEnv {
  /** The KMS emulator's endpoint, for `--key awskms:///alias/NAME`. */
  readonly kmsEndpoint?: string;
}

/** Runs the real cosign 2.5 with no network but loopback: never a transparency log, never the TUF root. */
export async function cosign(args: readonly string[], options: CosignEnv = {}): Promise<RunResult> {
  const home = scratch();
  try {
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      HOME: home.dir,
      TUF_ROOT: join(home.dir, 'tuf'),
      COSIGN_EXPERIMENTAL: '0',
      AWS_ACCESS_KEY_ID: 'AKIDTESTIMAGETRUST',
      AWS_SECRET_ACCESS_KEY: 'test-secret',
      AWS_REGION: 'us-east-1',
      ...(options.kmsEndpoint
        ? { AWS_ENDPOINT_URL: options.kmsEndpoint, AWS_ENDPOINT_URL_KMS: options.kmsEndpoint }
        : {}),
    };
    return await run(COSIGN_BIN, args, env);
  } finally {
    home.cleanup();
  }
}

/** An empty Sigstore trusted root: bundle verification by key alone, without fetching the public one. */
export function writeEmptyTrustedRoot(dir: string): string {
  const path = join(dir, 'trusted_root.json');
  writeFileSync(
    path,
    JSON.stringify({
      mediaType: 'application/vnd.dev.sigstore.trustedroot+json;version=0.1',
      tlogs: [],
      certificateAuthorities: [],
      ctlogs: [],
      timestampAuthorities: [],
    }),
  );
  return path;
}

/** Runs the real skopeo 1.18 through trixie's loader. */
export async function skopeo(args: readonly string[]): Promise<RunResult> {
  const home = scratch();
  try {
    return await run(
      join(TRIXIE_LIB, 'ld-linux-x86-64.so.2'),
      ['--library-path', TRIXIE_LIB, SKOPEO_BIN, ...args],
      { PATH: process.env.PATH, HOME: home.dir, TMPDIR: home.dir },
    );
  } finally {
    home.cleanup();
  }
}

/**
 * Copies an image out of the registry with skopeo under a `sigstoreSigned` policy for `publicKeyPem`
 * (identity: matchRepository, as cosign signs the repository): succeeds only when containers/image
 * accepts a signature on the manifest it copies. `reference` is `HOST/REPO@sha256:...`. Given several
 * keys (a rotation), the policy lists them all in `keyPaths`: a signature by any of them is accepted.
 */
export async function skopeoVerifyCopy(
  reference: string,
  publicKeyPem: string | readonly string[],
): Promise<RunResult> {
  const host = reference.split('/')[0] ?? '';
  const dir = mkdtempSync(join(tmpdir(), `${SERVICE_MARKER}skopeo-`));
  try {
    const pems = typeof publicKeyPem === 'string' ? [publicKeyPem] : publicKeyPem;
    const keyPaths = pems.map((pem, i) => {
      const path = join(dir, `cosign-${i}.pub`);
      writeFileSync(path, pem);
      return path;
    });
    const keys = keyPaths.length === 1 ? { keyPath: keyPaths[0] } : { keyPaths };
    const policy = {
      default: [{ type: 'reject' }],
      transports: {
        docker: {
          [host]: [{ type: 'sigstoreSigned', ...keys, signedIdentity: { type: 'matchRepository' } }],
        },
      },
    };
    writeFileSync(join(dir, 'policy.json'), JSON.stringify(policy));
    mkdirSync(join(dir, 'registries.d'));
    writeFileSync(
      join(dir, 'registries.d', 'default.yaml'),
      `docker:\n  ${host}:\n    use-sigstore-attachments: true\n`,
    );
    return await skopeo([
      '--policy',
      join(dir, 'policy.json'),
      '--registries.d',
      join(dir, 'registries.d'),
      'copy',
      '--src-tls-verify=false',
      '--remove-signatures',
      `docker://${reference}`,
      `dir:${join(dir, 'out')}`,
    ]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
