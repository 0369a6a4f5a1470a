import { PassThrough } from 'node:stream';
import { version } from '../../../package.json';
import { COMMANDS } from '../../../bin/cli/commands';
import type { CliIo } from '../../../bin/cli/output';
import { runCli } from '../../../bin/cli/run';

async function run(argv: string[]) {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: (t) => void (stdout += t),
    stderr: (t) => void (stderr += t),
    stdin: new PassThrough(),
    env: {},
  };
  const code = await runCli(argv, io);
  return { code, stdout, stderr };
}

/** The option flags a help text lists, in order. */
const listed = (help: string): string[] =>
  [...help.matchAll(/^ {2}(?:-\w, )?(--[\w-]+)/gm)].map((m) => m[1] ?? '');

describe('help and version', () => {
  it('prints the version from package.json, with or without a command', async () => {
    // Act
    const alone = await run(['--version']);
    const withCommand = await run(['verdict', '--version']);

    // Assess
    expect(alone).toEqual({ code: 0, stdout: `${version}\n`, stderr: '' });
    expect(withCommand.stdout).toBe(`${version}\n`);
    expect(version).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('lists every option, --help and --version in the general help', async () => {
    // Act
    const { stdout } = await run(['--help']);

    // Assess
    expect(listed(stdout)).toEqual([
      '--api',
      '--admin-api',
      '--reason',
      '--json',
      '--region',
      '--sign',
      '--quiet',
      '--cert',
      '--key',
      '--ca',
      '--webhook-url',
      '--credential-secret',
      '--namespace',
      '--bucket',
      '--file',
      '--break-glass',
      '--help',
      '--version',
    ]);
  });

  it.each([
    ['verdict', ['--api', '--json', '--region', '--sign', '--help']],
    ['resolve', ['--json', '--quiet', '--help']],
    ['audit', ['--api', '--admin-api', '--json', '--region', '--sign', '--quiet', '--break-glass', '--help']],
    ['revoke', ['--api', '--admin-api', '--reason', '--json', '--region', '--sign', '--help']],
    ['reevaluate', ['--api', '--admin-api', '--reason', '--json', '--region', '--sign', '--help']],
    ['public-key', ['--api', '--json', '--region', '--sign', '--help']],
  ])('lists the options %s reads in its own --help', async (name, options) => {
    // Act
    const { code, stdout } = await run([name, '--help']);

    // Assess
    const command = COMMANDS.find((c) => c.name === name);
    expect(code).toBe(0);
    expect(stdout.startsWith(`usage: image-trust ${command?.usage} [OPTIONS]\n\n${command?.summary}\n`)).toBe(
      true,
    );
    expect(listed(stdout)).toEqual(options);
    expect(stdout).toContain('exit codes: 0 ok');
  });
});
