import { InvalidReferenceError } from '../../../../functions/core/errors';
import { parseImageReference } from '../../../../functions/core/reference';

const HEX = '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08';
const DIGEST = `sha256:${HEX}`;
const ECR = '123456789012.dkr.ecr.us-east-1.amazonaws.com';

/** What parsing `input` throws, for assertions on the message. */
function rejection(input: string): InvalidReferenceError {
  try {
    parseImageReference(input);
  } catch (error) {
    if (error instanceof InvalidReferenceError) return error;
    throw error;
  }
  throw new Error(`expected ${JSON.stringify(input)} to be rejected`);
}

describe('parseImageReference', () => {
  describe('accepts valid references', () => {
    it.each([
      // Docker Hub defaults: no registry means docker.io, one component means library/.
      ['nginx', { registry: 'docker.io', repository: 'library/nginx', registryImplied: true }],
      [
        'nginx:1.25',
        { registry: 'docker.io', repository: 'library/nginx', tag: '1.25', registryImplied: true },
      ],
      [
        'bitnami/redis:7',
        { registry: 'docker.io', repository: 'bitnami/redis', tag: '7', registryImplied: true },
      ],
      ['docker.io/nginx', { registry: 'docker.io', repository: 'library/nginx', registryImplied: false }],
      [
        'docker.io/library/nginx',
        { registry: 'docker.io', repository: 'library/nginx', registryImplied: false },
      ],
      [
        'index.docker.io/nginx',
        { registry: 'docker.io', repository: 'library/nginx', registryImplied: false },
      ],
      ['index.docker.io/team/app', { registry: 'docker.io', repository: 'team/app', registryImplied: false }],
      [
        'registry-1.docker.io/team/app',
        { registry: 'registry-1.docker.io', repository: 'team/app', registryImplied: false },
      ],
      // A name without '/' never has a registry, even when it reads like a host and port (as in Docker).
      [
        'localhost:5000',
        { registry: 'docker.io', repository: 'library/localhost', tag: '5000', registryImplied: true },
      ],
      // Registries: ports, localhost, IPv4, IPv6, upper case host names lower-cased.
      ['localhost/app', { registry: 'localhost', repository: 'app', registryImplied: false }],
      [
        'localhost:5000/app:dev',
        { registry: 'localhost:5000', repository: 'app', tag: 'dev', registryImplied: false },
      ],
      [
        '127.0.0.1:5000/team/app',
        { registry: '127.0.0.1:5000', repository: 'team/app', registryImplied: false },
      ],
      ['10.0.0.1/app', { registry: '10.0.0.1', repository: 'app', registryImplied: false }],
      ['[::1]:5000/app', { registry: '[::1]:5000', repository: 'app', registryImplied: false }],
      ['[FE80::1]/app', { registry: '[fe80::1]', repository: 'app', registryImplied: false }],
      ['registry:5000/app', { registry: 'registry:5000', repository: 'app', registryImplied: false }],
      [
        'Registry.Example.COM/app',
        { registry: 'registry.example.com', repository: 'app', registryImplied: false },
      ],
      [`${ECR}/team/app:v1`, { registry: ECR, repository: 'team/app', tag: 'v1', registryImplied: false }],
      // Nested repositories and every separator.
      [
        'ghcr.io/org/group/sub/app',
        { registry: 'ghcr.io', repository: 'org/group/sub/app', registryImplied: false },
      ],
      ['r.io/a.b_c__d-e---f', { registry: 'r.io', repository: 'a.b_c__d-e---f', registryImplied: false }],
      // Tags: word characters first, then '.', '-'; upper case allowed; 128 characters.
      [
        'r.io/app:V1.2-rc_3',
        { registry: 'r.io', repository: 'app', tag: 'V1.2-rc_3', registryImplied: false },
      ],
      ['r.io/app:_x', { registry: 'r.io', repository: 'app', tag: '_x', registryImplied: false }],
      [
        `r.io/app:${'t'.repeat(128)}`,
        { registry: 'r.io', repository: 'app', tag: 't'.repeat(128), registryImplied: false },
      ],
      // Digests, alone and with a tag (both kept; the canonical form drops the tag).
      [
        `nginx@${DIGEST}`,
        { registry: 'docker.io', repository: 'library/nginx', digest: DIGEST, registryImplied: true },
      ],
      [`${ECR}/app@${DIGEST}`, { registry: ECR, repository: 'app', digest: DIGEST, registryImplied: false }],
      [
        `localhost:5000/app:v1@${DIGEST}`,
        { registry: 'localhost:5000', repository: 'app', tag: 'v1', digest: DIGEST, registryImplied: false },
      ],
    ])('%s', (input, expected) => {
      // Act
      const parsed = parseImageReference(input);

      // Assess
      expect(parsed).toStrictEqual(expected);
    });

    it('accepts a name of exactly 255 characters', () => {
      // Prepare
      const repository = 'a'.repeat(255 - 'r.io/'.length);

      // Act
      const parsed = parseImageReference(`r.io/${repository}:v1`);

      // Assess
      expect(parsed.repository).toBe(repository);
    });
  });

  describe('rejects invalid references, naming the problem', () => {
    it.each([
      ['', /is empty/],
      ['MyOrg/app', /'MyOrg' has upper-case letters; repositories are lower case/],
      ['r.io/Team/App', /repository 'Team\/App' has upper-case letters/],
      ['NGINX', /has upper-case letters/],
      ['r.io/a//b', /empty path component/],
      ['r.io/app/', /empty path component/],
      ['/app', /empty path component/],
      ['r.io/-app', /must start and end with a letter or digit/],
      ['r.io/app_', /must start and end with a letter or digit/],
      ['r.io/a._b', /separators are not allowed/],
      ['r.io/a___b', /separators are not allowed/],
      ['r.io/', /repository '' is empty/],
      ['r.io/app:', /tag '' is empty/],
      ['r.io/app:-x', /tag '-x' must start with a letter, a digit or '_'/],
      ['r.io/app:.x', /must start with a letter/],
      [`r.io/app:${'t'.repeat(129)}`, /is 129 characters long; the limit is 128/],
      ['foo/bar:baz/qux', /tag 'baz\/qux' has '\/'/],
      ['r.io:99999/app', /port '99999', outside 1-65535/],
      ['localhost:0001/a', /leading zero/],
      ['r.io:0/app', /port '0', outside 1-65535/],
      ['r.io:abc/app', /port 'abc', which is not a number/],
      [':5000/app', /no host name before its port/],
      ['r.io:5000:6000/app', /port '5000:6000', which is not a number/],
      ['-r.io/app', /host name part '-r'/],
      ['r_x.io/app', /host name part 'r_x'/],
      [`${'a'.repeat(64)}.io/app`, /host name part of 64 characters; the limit is 63/],
      [`${'a.'.repeat(127)}io/app`, /host name of 256 characters; the limit is 253/],
      ['[::1/app', /never closes it/],
      ['[zz]/app', /not an IPv6 address/],
      ['[::1]x/app', /only ':port' may follow/],
      ['r.io/a@b@c', /more than one '@'/],
      ['r.io/app@', /digest '' is empty/],
      [`r.io/${'a'.repeat(251)}`, /name 'r\.io\/a+.*' is 256 characters long; the limit is 255/],
      [`${'a'.repeat(250)}`, /name 'docker\.io\/library\/a+.*' is 268 characters long/],
      ['https://r.io/app:v1', /starts with a URL scheme.*drop 'https:\/\/'/],
      ['docker://nginx', /starts with a URL scheme/],
    ])('%j', (input, message) => {
      // Act
      const error = rejection(input);

      // Assess
      expect(error.code).toBe('INVALID_INPUT');
      expect(error.message).toMatch(message);
    });
  });

  describe('accepts only sha256 digests of 64 lower-case hex characters', () => {
    it.each([
      [
        'upper-case hex',
        `r.io/app@sha256:${HEX.toUpperCase()}`,
        /upper-case hex characters; digests are written in lower case/,
      ],
      [
        '60 hex characters (AWS samples)',
        `r.io/app@sha256:${HEX.slice(0, 60)}`,
        /has 60 hex characters; a sha256 digest has exactly 64/,
      ],
      ['65 hex characters', `r.io/app@sha256:${HEX}0`, /has 65 hex characters/],
      [
        'an EXAMPLE placeholder',
        `r.io/app@sha256:${HEX.slice(0, 57)}EXAMPLE`,
        /placeholder from AWS documentation/,
      ],
      [
        'a 64-character EXAMPLE placeholder',
        `r.io/app@sha256:${HEX.slice(0, 50)}EXAMPLE1234567`,
        /placeholder/,
      ],
      ['sha512', `r.io/app@sha512:${HEX}${HEX}`, /uses the algorithm 'sha512'; only sha256 is accepted/],
      ['an upper-case algorithm', `r.io/app@SHA256:${HEX}`, /names its algorithm in upper case/],
      ['no algorithm', `r.io/app@${HEX}`, /has no algorithm: write it as 'sha256:9f86d081…'/],
      ['no hex', 'r.io/app@sha256:', /no hex characters after 'sha256:'/],
      ['non-hex characters', `r.io/app@sha256:${HEX.slice(0, 63)}g`, /has 'g' at hex character 64/],
      ['an empty algorithm', `r.io/app@:${HEX}`, /no valid algorithm before ':'/],
    ])('rejects %s', (_case, input, message) => {
      // Act
      const error = rejection(input);

      // Assess
      expect(error.message).toMatch(message);
    });
  });

  describe('rejects hostile input before reading it', () => {
    it.each([
      ['a newline', 'nginx:latest\n', /control character \(U\+000A, newline\) at character 13/],
      ['a newline inside', `r.io/app\n@${DIGEST}`, /control character \(U\+000A, newline\) at character 9/],
      ['a NUL', 'nginx\u0000', /control character \(U\+0000, NUL\)/],
      ['an escape sequence', 'nginx\u001b[31m', /control character \(U\+001B, escape\)/],
      ['a tab', 'nginx\t', /U\+0009, tab/],
      ['a C1 control', 'nginx\u0085', /control character \(U\+0085\)/],
      ['a leading space', ' nginx', /whitespace \(U\+0020\) at character 1/],
      ['a trailing space', 'nginx ', /whitespace \(U\+0020\) at character 6/],
      ['a no-break space', 'nginx\u00a0', /whitespace \(U\+00A0\)/],
      ['a Cyrillic look-alike', 'ngіnx', /non-ASCII character U\+0456 at character 3; names are plain ASCII/],
      ['a right-to-left override', 'r.io/app\u202e', /non-ASCII character U\+202E/],
      ['an emoji', 'r.io/😀', /non-ASCII character U\+1F600/],
      ['a semicolon before a command', 'nginx;rm -rf /', /';' at character 6/],
      [
        'a semicolon alone',
        'nginx;id',
        /';' at character 6, which is not allowed \(shell or template syntax/,
      ],
      ['a command substitution', 'nginx:$(id)', /'\$' at character 7/],
      ['a variable', '${REGISTRY}/app', /'\$' at character 1/],
      ['a backtick', 'nginx:`id`', /a backtick at character 7/],
      ['a single quote', "nginx'", /a single quote at character 6/],
      ['a double quote', 'nginx"', /a double quote at character 6/],
      ['a backslash', 'r.io\\app', /a backslash at character 5/],
      ['a pipe', 'nginx|sh', /'\|' at character 6/],
      ['an ampersand', 'nginx&&id', /'&' at character 6/],
      ['a redirection', 'nginx>out', /'>' at character 6/],
      ['a query string', 'r.io/app?x=1', /'\?' at character 9/],
      ['a fragment', 'r.io/app#x', /'#' at character 9/],
      ['a percent escape', 'r.io/app%2e', /'%' at character 9/],
      ['a JSON fragment', '{"image":"nginx"}', /'\{' at character 1/],
      ['path traversal', 'r.io/../etc/passwd', /contains '\.\.' at character 6/],
      ['a doubled dot in the host', 'r..io/app', /contains '\.\.' at character 2/],
      ['a doubled dot in the tag', 'r.io/app:v1..2', /contains '\.\.'/],
      ['an overlong input', 'a'.repeat(1025), /is 1025 characters long; the limit is 1024/],
      ['a huge input', 'a/'.repeat(100_000), /is 200000 characters long/],
    ])('rejects %s', (_case, input, message) => {
      // Act
      const error = rejection(input);

      // Assess
      expect(error).toBeInstanceOf(InvalidReferenceError);
      expect(error.message).toMatch(message);
    });

    it('quotes hostile input in messages without its control characters and at most 80 characters', () => {
      // Act
      const error = rejection(`nginx\r\n${'x'.repeat(500)}`);

      // Assess
      expect(error.message).not.toMatch(/[\r\n]/);
      expect(error.message).toContain("'nginx\\u{d}\\u{a}xxx");
      expect(error.message).toContain('…');
      expect(error.message.length).toBeLessThan(200);
    });

    it('rejects something that is not a string, from untyped callers', () => {
      // Act
      const act = (): unknown => parseImageReference(42 as unknown as string);

      // Assess
      expect(act).toThrow(new InvalidReferenceError('image reference must be a string, not number'));
    });
  });

  describe('options', () => {
    it('rejects a reference without a registry when implied registries are not allowed', () => {
      // Act
      const act = (): unknown => parseImageReference('nginx:1.25', { allowImpliedRegistry: false });

      // Assess
      expect(act).toThrow(
        "image reference 'nginx:1.25' names no registry; write it in full, e.g. 'docker.io/library/nginx'",
      );
    });

    it('still accepts an explicit docker.io when implied registries are not allowed', () => {
      // Act
      const parsed = parseImageReference('docker.io/nginx:1.25', { allowImpliedRegistry: false });

      // Assess
      expect(parsed).toMatchObject({
        registry: 'docker.io',
        repository: 'library/nginx',
        registryImplied: false,
      });
    });

    it('applies a lower length limit when given one', () => {
      // Act
      const act = (): unknown => parseImageReference('r.io/app:v1', { maxLength: 8 });

      // Assess
      expect(act).toThrow(/is 11 characters long; the limit is 8/);
    });
  });
});
