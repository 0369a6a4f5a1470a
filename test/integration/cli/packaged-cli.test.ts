import '../http/quiet-powertools';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { version } from '../../../package.json';
import { observed, passed } from '../../unit/core/verdict/verdict-events';
import { REGISTRY } from '../../unit/cli/audit-fixture';
import { startCliServer, type CliServer } from './cli-server';
import { REPO_ROOT } from './run-cli';

const exec = promisify(execFile);

/**
 * The package as a user gets it: `npm pack` (prepack builds dist/image-trust.cjs), then the tarball
 * installed into an empty folder with `npm install --offline` (it has no dependencies to fetch), and
 * `npx image-trust` run there with no devDependency, tsx or repository node_modules on PATH.
 */
let work: string;
let app: string;
let tarball: string;
let packed: { readonly size: number; readonly files: readonly { readonly path: string }[] };
let server: CliServer;

/** PATH without any node_modules/.bin, with this Node first; no npm_* variables from `npm test`. */
function cleanEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^npm_/i.test(name)));
  const path = (process.env.PATH ?? '')
    .split(delimiter)
    .filter((p) => !p.endsWith(join('node_modules', '.bin')));
  return {
    ...env,
    PATH: [dirname(process.execPath), ...path].join(delimiter),
    NO_UPDATE_NOTIFIER: '1',
    ...extra,
  };
}

const npm = (args: readonly string[], cwd: string) =>
  exec('npm', ['--no-audit', '--no-fund', '--loglevel=error', ...args], {
    cwd,
    env: cleanEnv(),
    maxBuffer: 16 << 20,
  });

const imageTrust = async (args: readonly string[], env: NodeJS.ProcessEnv = {}) => {
  try {
    const { stdout, stderr } = await exec('npx', ['--no', '--', 'image-trust', ...args], {
      cwd: app,
      env: cleanEnv(env),
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: failed.code ?? -1, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' };
  }
};

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'image-trust-test-pack-'));
  const { stdout } = await npm(['pack', '--json', '--pack-destination', work], REPO_ROOT);
  const [info] = JSON.parse(stdout.slice(stdout.indexOf('['))) as [typeof packed & { filename: string }];
  packed = info;
  tarball = join(work, info.filename);
  app = join(work, 'app');
  rmSync(app, { recursive: true, force: true });
  await exec('mkdir', ['-p', app]);
  writeFileSync(join(app, 'package.json'), '{ "name": "uses-image-trust", "private": true }\n');
  await npm(['install', '--offline', tarball], app);
  server = await startCliServer('packaged');
}, 180_000);

afterAll(async () => {
  await server?.close();
  if (work !== undefined) rmSync(work, { recursive: true, force: true });
});

describe('the packed image-trust CLI', () => {
  it('holds only what users run and read, the bundle needing nothing but Node built-ins', () => {
    // Act
    const files = packed.files.map((f) => f.path).sort();
    const bundle = readFileSync(join(app, 'node_modules/image-trust/dist/image-trust.cjs'), 'utf8');
    // Every require call left in the bundle; the AWS SDK quotes one in an error message as `[require("…")]`.
    const calls = bundle.matchAll(/(?<![\w.$[])require\("([^"]+)"\)/g);
    const required = new Set([...calls].map((m) => m[1] ?? ''));

    // Assess
    expect(files).toEqual([
      'CHANGELOG.md',
      'LICENSE',
      'README.md',
      'SECURITY.md',
      'bin/image-trust.js',
      'dist/THIRD-PARTY-LICENSES.txt',
      'dist/image-trust.cjs',
      'docs/CLI.md',
      'package.json',
    ]);
    expect(required.size).toBeGreaterThan(0);
    expect([...required].filter((name) => !builtinModules.includes(name.replace(/^node:/, '')))).toEqual([]);
    expect(packed.size).toBeLessThan(1024 * 1024);
  });

  it('installs with no dependencies at all', () => {
    // Act
    const installed = readdirSync(join(app, 'node_modules')).filter((name) => !name.startsWith('.'));

    // Assess
    expect(installed).toEqual(['image-trust']);
  });

  it('prints its version', async () => {
    // Act
    const run = await imageTrust(['--version']);

    // Assess
    expect(run).toEqual({ code: 0, stdout: `${version}\n`, stderr: '' });
  });

  it('lists the options of the verdict command in its help', async () => {
    // Act
    const run = await imageTrust(['verdict', '--help']);

    // Assess
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^usage: image-trust verdict REF \[OPTIONS\]\n/);
    expect(run.stdout).toMatch(/\n {2}--api URL +the lookup API/);
    expect(run.stdout).toMatch(/\n {2}--sign MODE +auto/);
    expect(run.stdout).not.toContain('--reason');
  });

  it('asks the API for a verdict and shows it, in plain text through a pipe', async () => {
    // Prepare
    const key = { registry: REGISTRY, repository: 'team/packed', digest: `sha256:${'7'.repeat(64)}` };
    await server.record(key, observed('p7', 0), passed('e7', 10));
    const ref = `${key.registry}/${key.repository}@${key.digest}`;

    // Act
    const run = await imageTrust(['verdict', ref, '--api', server.url]);

    // Assess
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`image       ${ref}\nstatus      VERIFIED: may run\n`);
    expect(run.stdout).not.toContain('\u001b[');
  });

  it('reads the registry itself for resolve, exiting 3 when none answers', async () => {
    // Act
    const run = await imageTrust(['resolve', '127.0.0.1:9/team/app:v1']);

    // Assess
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(
      /^image-trust: cannot read 127\.0\.0\.1:9\/team\/app:v1 from 127\.0\.0\.1:9: /,
    );
  });
});
