import { spawn } from 'node:child_process';
import { delimiter, resolve } from 'node:path';

/** The repository root: where `npx image-trust` runs. */
export const REPO_ROOT = resolve(__dirname, '../../..');

/** What a run of the CLI printed and how it exited. */
export interface CliRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  json<T = unknown>(): T;
}

/**
 * Runs `node bin/image-trust.js ARGS` as a real child process, from the repository root, with
 * node_modules/.bin first on PATH, `input` on stdin (closed when absent) and `env` added.
 */
export function runCli(
  args: readonly string[],
  options: { readonly input?: string; readonly env?: NodeJS.ProcessEnv } = {},
): Promise<CliRun> {
  const env = {
    ...process.env,
    PATH: `${resolve(REPO_ROOT, 'node_modules/.bin')}${delimiter}${process.env.PATH ?? ''}`,
    ...options.env,
  };
  const child = spawn(process.execPath, [resolve(REPO_ROOT, 'bin/image-trust.js'), ...args], {
    cwd: REPO_ROOT,
    env,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (text: string) => (stdout += text));
  child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
  child.stdin.end(options.input ?? '');
  return new Promise((resolveRun, reject) => {
    const timer = setTimeout(() => {
      child.kill();
      reject(new Error(`image-trust ${args.join(' ')} did not finish in 30 s; stderr: ${stderr}`));
    }, 30_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolveRun({ code, stdout, stderr, json: <T>() => JSON.parse(stdout) as T });
    });
  });
}
