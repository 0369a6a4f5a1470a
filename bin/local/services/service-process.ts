import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Every temporary directory and process of a test service carries this marker (see scripts/test.sh). */
export const SERVICE_MARKER = 'image-trust-test-';

/**
 * A reaper: a small bash loop that runs the service, and stops it and deletes its data directory when
 * asked to (SIGTERM), when the service dies, or when the parent (the test runner) goes away — also when
 * the runner is killed and never runs its teardown.
 */
const REAPER = `
parent=$1; dir=$2; shift 2
"$@" & child=$!
cleanup() { kill "$child" 2>/dev/null; wait "$child" 2>/dev/null; rm -rf "$dir"; }
trap 'cleanup; exit 0' TERM INT
while kill -0 "$parent" 2>/dev/null && kill -0 "$child" 2>/dev/null; do sleep 0.3; done
cleanup`;

export interface ServiceProcess {
  readonly name: string;
  readonly dataDir: string;
  readonly startMs: number;
  output(): string;
  stop(): Promise<void>;
}

export interface StartOptions {
  readonly name: string;
  /** Builds the command once the data directory exists. */
  readonly command: (dataDir: string) => { cmd: string; args: string[]; env?: NodeJS.ProcessEnv };
  /** Resolves once the service answers; called repeatedly until it does or the deadline passes. */
  readonly ready: () => Promise<boolean>;
  readonly timeoutMs?: number;
  /** Keep the data directory (npm start) instead of a temporary one. */
  readonly dataDir?: string;
}

/** Makes a temporary directory whose name carries the service marker. */
export function makeDataDir(name: string): string {
  return mkdtempSync(join(tmpdir(), `${SERVICE_MARKER}${name}-`));
}

export async function startServiceProcess(options: StartOptions): Promise<ServiceProcess> {
  const started = performance.now();
  const dataDir = options.dataDir ?? makeDataDir(options.name);
  const { cmd, args, env } = options.command(dataDir);
  const child: ChildProcess = spawn(
    'bash',
    [
      '-c',
      REAPER,
      `${SERVICE_MARKER}reaper`,
      String(process.pid),
      options.dataDir ? '' : dataDir,
      cmd,
      ...args,
    ],
    { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } },
  );
  let log = '';
  const collect = (chunk: Buffer) => {
    log = (log + chunk.toString()).slice(-20_000);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let alive = true;
  void exited.then(() => (alive = false));

  const stop = async () => {
    if (alive) child.kill('SIGTERM');
    await exited;
    if (!options.dataDir) rmSync(dataDir, { recursive: true, force: true });
  };

  const deadline = Date.now() + (options.timeoutMs ?? 30_000);
  for (;;) {
    if (!alive) {
      await stop();
      throw new Error(`${options.name} exited during start-up:\n${log}`);
    }
    if (await options.ready().catch(() => false)) break;
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`${options.name} did not become ready in time:\n${log}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return { name: options.name, dataDir, startMs: performance.now() - started, output: () => log, stop };
}
