import { UsageError } from '../../../bin/cli/exit-codes';
import { DEFAULT_API, parseCommandLine } from '../../../bin/cli/options';

describe('command line', () => {
  it('defaults the API to IMAGE_TRUST_API, then the local mode, and the admin API to the API', () => {
    // Act
    const local = parseCommandLine(['verdict', 'x'], {});
    const fromEnv = parseCommandLine(['verdict', 'x'], { IMAGE_TRUST_API: 'https://api.example.com/prod' });

    // Assess
    expect(local.options.api.href).toBe(`${DEFAULT_API}/`);
    expect(fromEnv.options.api.href).toBe('https://api.example.com/prod');
    expect(fromEnv.options.adminApi.href).toBe('https://api.example.com/prod');
    expect(local.options).toMatchObject({ json: false, sign: 'auto', quiet: false });
  });

  it('takes options before and after the command', () => {
    // Act
    const line = parseCommandLine(
      [
        '--json',
        'revoke',
        'REF',
        '--reason',
        'leaked key',
        '--api',
        'http://127.0.0.1:9',
        '--region',
        'eu-west-1',
      ],
      { IMAGE_TRUST_ADMIN_API: 'https://admin.example.com' },
    );

    // Assess
    expect(line).toMatchObject({ command: 'revoke', args: ['REF'], reason: 'leaked key', help: false });
    expect(line.options).toMatchObject({ json: true, region: 'eu-west-1' });
    expect(line.options.api.href).toBe('http://127.0.0.1:9/');
    expect(line.options.adminApi.href).toBe('https://admin.example.com/');
  });

  it.each([
    ['an unknown option', ['verdict', '--frob']],
    ['an option without its value', ['revoke', 'REF', '--reason']],
    ['an API that is not a URL', ['--api', 'nowhere', 'verdict', 'x']],
    ['an API that is not http', ['--api', 'ftp://example.com', 'verdict', 'x']],
    ['an unknown sign mode', ['--sign', 'sometimes', 'verdict', 'x']],
  ])('refuses %s as a usage error', (_what, argv) => {
    // Act
    const act = () => parseCommandLine(argv, {});

    // Assess
    expect(act).toThrow(UsageError);
  });
});
