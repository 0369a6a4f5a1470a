/**
 * Plain-English messages for zod issues, shared by every parser of outside input (policy documents,
 * scanner reports, AWS events). Pass `zodMessages` as the per-parse error map; a schema's own `error`
 * still wins over it. `formatIssues` then lists the issues with their paths.
 */
import type { z } from 'zod';
import { quote } from '../reference/quote';

/** How many issues one error message lists before it says "and N more". */
const MAX_LISTED = 10;

/** An error map for `schema.safeParse(input, { error: zodMessages })`. */
export const zodMessages: z.core.$ZodErrorMap = (issue) => describeIssue(issue);

function describeIssue(issue: z.core.$ZodRawIssue): string | undefined {
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined
        ? `is required (${article(issue.expected)})`
        : `must be ${article(issue.expected)}, not ${kindOf(issue.input)}`;
    case 'invalid_value':
      return `${issue.input === undefined ? 'is required: it ' : ''}must be ${issue.values.length === 1 ? literal(issue.values[0]) : `one of ${issue.values.map(literal).join(', ')}`}${shown(issue.input)}`;
    case 'unrecognized_keys':
      return `has unknown field${issue.keys.length === 1 ? '' : 's'} ${issue.keys.map((k) => quote(k)).join(', ')}`;
    case 'too_small':
      return tooSmall(issue.origin, Number(issue.minimum), issue.inclusive ?? true);
    case 'too_big':
      return tooBig(issue.origin, Number(issue.maximum), issue.inclusive ?? true);
    case 'invalid_format':
      return issue.format === 'datetime'
        ? `must be an ISO 8601 date-time with a time zone, e.g. '2025-01-31T00:00:00Z'${shown(issue.input)}`
        : `must be in ${issue.format} format${shown(issue.input)}`;
    default:
      return undefined;
  }
}

/** `exceptions[0].expires`, `severityLimits.HIGH`, `Results[2]`; the root is `root`. */
export function issuePath(path: readonly PropertyKey[], root = '(root)'): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') {
      out += `[${key}]`;
    } else {
      const name = String(key);
      out += /^[A-Za-z_$][\w$-]*$/.test(name) ? `${out === '' ? '' : '.'}${name}` : `[${quote(name)}]`;
    }
  }
  return out === '' ? root : out;
}

/**
 * One line per issue (`path: message`), at most ten, then how many more there were.
 *
 * @param root what to call the input itself, for issues about the whole of it
 */
export function issueLines(error: z.ZodError, root = '(root)'): string[] {
  const lines = error.issues.slice(0, MAX_LISTED).map((i) => `${issuePath(i.path, root)}: ${i.message}`);
  if (error.issues.length > MAX_LISTED) {
    lines.push(`and ${error.issues.length - MAX_LISTED} more`);
  }
  return lines;
}

/** `<what> is invalid: a: ...; b: ...` on one line, for errors of parsers of machine-made input. */
export function formatIssues(what: string, error: z.ZodError): string {
  return `${what} is invalid: ${issueLines(error).join('; ')}`;
}

function tooSmall(origin: string, minimum: number, inclusive: boolean): string {
  if (origin === 'string') {
    return minimum <= 1 ? 'must not be empty' : `must be at least ${minimum} characters long`;
  }
  if (origin === 'array' || origin === 'set') {
    return `must have at least ${minimum} item${minimum === 1 ? '' : 's'}`;
  }
  return inclusive ? `must be ${minimum} or more` : `must be more than ${minimum}`;
}

function tooBig(origin: string, maximum: number, inclusive: boolean): string {
  if (origin === 'string') {
    return `must be at most ${maximum} characters long`;
  }
  if (origin === 'array' || origin === 'set') {
    return `must have at most ${maximum} item${maximum === 1 ? '' : 's'}`;
  }
  return inclusive ? `must be ${maximum} or less` : `must be less than ${maximum}`;
}

function article(expected: string): string {
  const names: Record<string, string> = {
    int: 'a whole number',
    record: 'an object',
    object: 'an object',
    array: 'a list',
    nonoptional: 'a value',
  };
  return names[expected] ?? `${/^[aeiou]/.test(expected) ? 'an' : 'a'} ${expected}`;
}

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'number') return `the number ${value}`;
  if (typeof value === 'string') return `the string ${quote(value)}`;
  if (typeof value === 'object') return 'an object';
  return `a ${typeof value}`;
}

function literal(value: unknown): string {
  return typeof value === 'string' ? quote(value) : String(value);
}

function shown(input: unknown): string {
  if (typeof input === 'string') return `, not ${quote(input)}`;
  if (typeof input === 'number' || typeof input === 'boolean') return `, not ${String(input)}`;
  return '';
}
