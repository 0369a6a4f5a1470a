import { matchesGlob } from '../../functions/core/policy/glob';
import {
  iamRepositoryPatterns,
  repositoryArns,
  repositoryNameFilters,
} from '../../lib/pipeline/repository-patterns';

/** IAM's `*` matches any characters, `/` included. */
const iamMatches = (pattern: string, name: string) =>
  new RegExp(
    `^${pattern
      .split('*')
      .map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*')}$`,
  ).test(name);

const NAMES = [
  'team-a',
  'team-a/api',
  'team-a/api/v2',
  'team-ab',
  'platform',
  'platform/x',
  'platform/x/y',
  'web',
  'x/web',
  'a/b',
];
const GLOBS = ['team-a/**', 'platform/*', '**', 'web', '*/web', 'a/**/b', '**/b', 'team-*/api'];

describe('allowlist globs as IAM resource patterns', () => {
  it.each([
    ['team-a/**', ['team-a', 'team-a/*']],
    ['platform/*', ['platform/*']],
    ['**', ['*']],
    ['web', ['web']],
    ['a/**/b', ['a/b', 'a/*/b']],
  ])('%s becomes %j', (glob, patterns) => {
    expect(iamRepositoryPatterns(glob)).toEqual(patterns);
  });

  it.each(GLOBS)('never grants less than %s matches', (glob) => {
    for (const name of NAMES.filter((n) => matchesGlob(glob, n))) {
      expect(iamRepositoryPatterns(glob).some((p) => iamMatches(p, name))).toBe(true);
    }
  });

  it('names every allowed registry, in the partition of its region', () => {
    expect(
      repositoryArns(
        [
          { accountId: '123456789012', region: 'eu-west-1' },
          { accountId: '210987654321', region: 'cn-north-1' },
        ],
        ['team-a/**'],
      ),
    ).toEqual([
      'arn:aws:ecr:eu-west-1:123456789012:repository/team-a',
      'arn:aws:ecr:eu-west-1:123456789012:repository/team-a/*',
      'arn:aws-cn:ecr:cn-north-1:210987654321:repository/team-a',
      'arn:aws-cn:ecr:cn-north-1:210987654321:repository/team-a/*',
    ]);
  });
});

describe('allowlist globs as EventBridge repository-name filters', () => {
  it('filters by the literal start of each glob, exact names as they are', () => {
    expect(repositoryNameFilters(['team-a/**', 'platform/*', 'web', 'team-*/api'])).toEqual([
      { prefix: 'team-a' },
      { prefix: 'platform/' },
      'web',
      { prefix: 'team-' },
    ]);
  });

  it.each([['**'], ['*/web'], ['**/b']])('does not filter when %s can match any name', (glob) => {
    expect(repositoryNameFilters(['team-a/**', glob])).toBeUndefined();
  });

  it.each(GLOBS)('lets through every name %s matches', (glob) => {
    const filters = repositoryNameFilters([glob]);
    for (const name of NAMES.filter((n) => matchesGlob(glob, n))) {
      const passes =
        filters === undefined ||
        filters.some((f) => (typeof f === 'string' ? f === name : name.startsWith(f.prefix)));
      expect(passes).toBe(true);
    }
  });
});
