import { PassThrough } from 'node:stream';
import { runCli } from '../../../bin/cli/run';
import type { CliIo } from '../../../bin/cli/output';

/** Runs the CLI in this process with captured output (no network: every case here fails before a call). */
async function run(argv: string[], env: NodeJS.ProcessEnv = {}) {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: (t) => void (stdout += t),
    stderr: (t) => void (stderr += t),
    stdin: new PassThrough(),
    env,
  };
  const code = await runCli(argv, io);
  return { code, stdout, stderr };
}

describe('the CLI before any call', () => {
  it('prints its help with every command and the exit codes, and exits 0', async () => {
    // Act
    const result = await run(['--help']);

    // Assess
    expect(result.code).toBe(0);
    for (const command of ['verdict', 'resolve', 'audit', 'revoke', 'reevaluate', 'public-key']) {
      expect(result.stdout).toContain(`  ${command}`);
    }
    expect(result.stdout).toMatch(/exit codes: 0 .*\n.*2 usage error, 3 API/);
  });

  it.each([
    ['no command', []],
    ['an unknown command', ['frobnicate']],
    ['a missing argument', ['verdict']],
    ['an extra argument', ['public-key', 'x']],
    ['a tag where a digest is required', ['verdict', 'nginx:1.25']],
    ['a revocation without a reason', ['revoke', `r.example.com/app@sha256:${'a'.repeat(64)}`]],
    ['an empty reason', ['revoke', `r.example.com/app@sha256:${'a'.repeat(64)}`, '--reason', '  ']],
    [
      'a reason over 500 characters',
      ['reevaluate', `r.example.com/app@sha256:${'a'.repeat(64)}`, '--reason', 'x'.repeat(501)],
    ],
    [
      'a reason where none is taken',
      ['verdict', `r.example.com/app@sha256:${'a'.repeat(64)}`, '--reason', 'x'],
    ],
    ['a file that does not exist', ['audit', '/nonexistent/pods.json']],
    [
      'SigV4 over plain HTTP to a host that is not loopback',
      ['public-key', '--api', 'http://api.example.com', '--region', 'us-east-1'],
    ],
    [
      'SigV4 asked for over plain HTTP to a private address',
      ['public-key', '--api', 'http://10.0.0.1:8080', '--sign', 'always', '--region', 'us-east-1'],
    ],
  ])('exits 2 for %s, saying what is wrong on stderr', async (_what, argv) => {
    // Act
    const result = await run(argv);

    // Assess
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^image-trust: \S/);
  });

  it('names the way out when it refuses SigV4 over plain HTTP', async () => {
    // Act
    const result = await run(
      ['verdict', `r.example.com/app@sha256:${'a'.repeat(64)}`, '--api', 'http://api.example.com'],
      {
        AWS_REGION: 'us-east-1',
      },
    );

    // Assess
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/plain HTTP to api\.example\.com: use an https:\/\/ URL/);
  });

  it('names the way to find a digest when given a tag', async () => {
    // Act
    const result = await run(['verdict', 'nginx:1.25']);

    // Assess
    expect(result.stderr).toContain('find it with `image-trust resolve nginx:1.25`');
  });

  it('exits 3 when the API cannot be reached', async () => {
    // Act
    const result = await run(['--api', 'http://127.0.0.1:9', 'public-key']);

    // Assess
    expect(result.code).toBe(3);
    expect(result.stderr).toBe(
      'image-trust: cannot reach the image-trust API at http://127.0.0.1:9: bad port\n',
    );
  });
});
