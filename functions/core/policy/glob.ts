/**
 * Repository name patterns: `*` matches any characters within one path segment, `**` (a whole segment)
 * any number of segments, zero included; everything else matches itself. `team-a/*` matches
 * `team-a/api` but not `team-a/api/v2`; `team-a/**` matches both, and `team-a` itself. Matching walks
 * the pattern piece by piece (no regular expression is built from it), in time proportional to the
 * product of the two lengths at worst.
 */
import { InvalidInputError } from '../errors';
import { quote } from '../reference/quote';

/** A compiled pattern. */
export interface RepositoryGlob {
  readonly pattern: string;
  /** Whether the repository name (`team/app`, never an ARN) matches. */
  matches(repository: string): boolean;
}

const MAX_PATTERN_LENGTH = 256;
const GLOBSTAR = '**';

/**
 * What is wrong with a pattern, as a phrase that follows "pattern 'x'"; undefined when it is valid.
 * Patterns are lower case, like repository names.
 */
export function globProblem(pattern: string): string | undefined {
  if (pattern.length === 0) return 'is empty';
  if (pattern.length > MAX_PATTERN_LENGTH) {
    return `is ${pattern.length} characters long; the limit is ${MAX_PATTERN_LENGTH}`;
  }
  if (/[A-Z]/.test(pattern)) return 'has upper-case letters; repository names are lower case';
  const bad = /[^a-z0-9._\-/*]/.exec(pattern);
  if (bad !== null) {
    return `has ${quote(bad[0])}; a pattern holds lower-case letters, digits, '.', '_', '-', '/' and the wildcards '*' and '**'`;
  }
  for (const segment of pattern.split('/')) {
    if (segment.length === 0) return "has an empty path segment (a leading, trailing or doubled '/')";
    if (segment !== GLOBSTAR && segment.includes(GLOBSTAR)) {
      return `has ${quote(segment)}: '**' must be a whole path segment (as in 'team/**'); use '*' within a segment`;
    }
  }
  return undefined;
}

/**
 * Compiles a pattern once, to match many names.
 *
 * @throws InvalidInputError when the pattern is not valid (see globProblem)
 */
export function compileGlob(pattern: string): RepositoryGlob {
  const problem = globProblem(pattern);
  if (problem !== undefined) {
    throw new InvalidInputError(`repository pattern ${quote(pattern)} ${problem}`);
  }
  // A segment is its characters, or null for '**'.
  const segments = pattern.split('/').map((s) => (s === GLOBSTAR ? null : [...s]));
  const segmentMatches = (chars: string[] | null, name: string): boolean =>
    chars !== null &&
    wildcardMatch(
      [...name],
      chars,
      (c) => c === '*',
      (c, ch) => c === ch,
    );
  return {
    pattern,
    matches: (repository) =>
      wildcardMatch(repository.split('/'), segments, (s) => s === null, segmentMatches),
  };
}

/** Whether `repository` matches `pattern`; for one-off use (compile once to match many). */
export function matchesGlob(pattern: string, repository: string): boolean {
  return compileGlob(pattern).matches(repository);
}

/**
 * Matches `items` against `pattern`, where a star element matches any run of items (none included).
 * The classic backtracking-to-the-last-star walk: no recursion, at most |items| x |pattern| steps.
 */
function wildcardMatch<I, P>(
  items: readonly I[],
  pattern: readonly P[],
  isStar: (p: P) => boolean,
  equals: (p: P, item: I) => boolean,
): boolean {
  let i = 0;
  let p = 0;
  let star = -1;
  let resume = 0;
  while (i < items.length) {
    const element = pattern[p];
    const item = items[i] as I;
    if (element !== undefined && isStar(element)) {
      star = p;
      resume = i;
      p += 1;
    } else if (element !== undefined && equals(element, item)) {
      i += 1;
      p += 1;
    } else if (star >= 0) {
      p = star + 1;
      resume += 1;
      i = resume;
    } else {
      return false;
    }
  }
  while (p < pattern.length && isStar(pattern[p] as P)) p += 1;
  return p === pattern.length;
}
