import fc from 'fast-check';
import { InvalidInputError } from '../../../../functions/core/errors';
import { compileGlob, globProblem, matchesGlob } from '../../../../functions/core/policy/glob';

describe('matchesGlob', () => {
  it.each([
    ['team-a/api', 'team-a/api', true],
    ['team-a/api', 'team-a/api2', false],
    ['team-a/*', 'team-a/api', true],
    ['team-a/*', 'team-a', false],
    ['team-a/*', 'team-a/api/v2', false],
    ['team-a/**', 'team-a/api/v2', true],
    ['team-a/**', 'team-a/api', true],
    ['team-a/**', 'team-a', true],
    ['team-a/**', 'team-ab/api', false],
    ['**', 'anything/at/all', true],
    ['**/api', 'api', true],
    ['**/api', 'a/b/c/api', true],
    ['**/api', 'a/b/c/api-v2', false],
    ['a/**/b', 'a/b', true],
    ['a/**/b', 'a/x/y/b', true],
    ['a/**/b', 'a/x/y/c', false],
    ['*-api', 'billing-api', true],
    ['*-api', 'team/billing-api', false],
    ['team-*/api', 'team-a/api', true],
    ['team-*/api', 'team-/api', true],
    ['*', 'nginx', true],
    ['*a*b', 'xaxxb', true],
    ['*a*b', 'xaxxbc', false],
  ])('pattern %p against %p is %p', (pattern, repository, expected) => {
    expect(matchesGlob(pattern, repository)).toBe(expected);
  });

  it("takes '.' literally, not as a regular expression's any character", () => {
    expect(matchesGlob('app.v1', 'app.v1')).toBe(true);
    expect(matchesGlob('app.v1', 'appxv1')).toBe(false);
  });

  it('needs only a moment for a pattern that would make a backtracking regular expression explode', () => {
    const pattern = `${'*a'.repeat(20)}*b`;
    const repository = 'a'.repeat(200);

    const started = performance.now();
    const matched = matchesGlob(pattern, repository);

    expect(matched).toBe(false);
    expect(performance.now() - started).toBeLessThan(200);
  });
});

describe('globProblem', () => {
  it.each([
    ['', 'is empty'],
    ['Team/*', 'has upper-case letters; repository names are lower case'],
    [
      'team/(a|b)',
      "has '('; a pattern holds lower-case letters, digits, '.', '_', '-', '/' and the wildcards '*' and '**'",
    ],
    ['team/a+', "has '+'"],
    ['team/[ab]', "has '['"],
    ['team/a?', "has '?'"],
    ['/team', 'has an empty path segment'],
    ['team//a', 'has an empty path segment'],
    ['team/', 'has an empty path segment'],
    ['team/a**', "has 'a**': '**' must be a whole path segment"],
    ['team/***', "has '***': '**' must be a whole path segment"],
    ['a'.repeat(257), 'is 257 characters long; the limit is 256'],
  ])('finds the problem of %p', (pattern, problem) => {
    expect(globProblem(pattern)).toContain(problem);
  });

  it.each(['team-a/*', '**', 'a/**/b', 'team_a.b-c/x*y'])('accepts %p', (pattern) => {
    expect(globProblem(pattern)).toBeUndefined();
  });
});

describe('compileGlob', () => {
  it('throws InvalidInputError naming the pattern and its problem', () => {
    expect(() => compileGlob('team/(a)')).toThrow(InvalidInputError);
    expect(() => compileGlob('team/(a)')).toThrow("repository pattern 'team/(a)' has '('");
  });

  it('compiles once and matches many', () => {
    const glob = compileGlob('team-a/*');

    expect(['team-a/x', 'team-a/y', 'team-b/x'].filter((r) => glob.matches(r))).toEqual([
      'team-a/x',
      'team-a/y',
    ]);
    expect(glob.pattern).toBe('team-a/*');
  });
});

describe('matchesGlob properties', () => {
  const segment = fc.stringMatching(/^[a-z0-9][a-z0-9._-]{0,8}$/);
  const repository = fc.array(segment, { minLength: 1, maxLength: 5 }).map((s) => s.join('/'));

  it('a pattern without wildcards matches exactly itself', () => {
    fc.assert(
      fc.property(repository, repository, (a, b) => {
        expect(matchesGlob(a, b)).toBe(a === b);
      }),
    );
  });

  it("'**' matches every repository, and a segment replaced by '*' still matches", () => {
    fc.assert(
      fc.property(fc.array(segment, { minLength: 1, maxLength: 5 }), fc.nat(), (segments, pick) => {
        const name = segments.join('/');
        const starred = segments.map((s, i) => (i === pick % segments.length ? '*' : s)).join('/');
        expect(matchesGlob('**', name)).toBe(true);
        expect(matchesGlob(starred, name)).toBe(true);
        expect(matchesGlob(`${starred}/*`, name)).toBe(false);
      }),
    );
  });

  it('never throws on any valid pattern and name', () => {
    const patternSegment = fc.oneof(
      segment,
      fc.constant('*'),
      fc.constant('**'),
      segment.map((s) => `${s}*`),
    );
    const pattern = fc.array(patternSegment, { minLength: 1, maxLength: 5 }).map((s) => s.join('/'));
    fc.assert(
      fc.property(pattern, repository, (p, r) => {
        expect(typeof matchesGlob(p, r)).toBe('boolean');
      }),
    );
  });
});
