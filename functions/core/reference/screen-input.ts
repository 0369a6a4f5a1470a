import { InvalidReferenceError } from '../errors';
import { codePoint, quote } from './quote';

const CONTROL_NAMES: Readonly<Record<number, string>> = {
  0x00: 'NUL',
  0x09: 'tab',
  0x0a: 'newline',
  0x0d: 'carriage return',
  0x1b: 'escape',
  0x7f: 'delete',
};

const CHARACTER_NAMES: Readonly<Record<string, string>> = {
  "'": 'a single quote',
  '"': 'a double quote',
  '`': 'a backtick',
  '\\': 'a backslash',
};

/** Characters of shells and templates: an input holding one was probably never meant as a name. */
const SHELL_CHARACTERS = new Set([
  '$',
  ';',
  '|',
  '&',
  '<',
  '>',
  '(',
  ')',
  '{',
  '}',
  '`',
  "'",
  '"',
  '\\',
  '*',
  '?',
  '!',
]);

/** What an input must satisfy before its grammar is even looked at. */
export interface ScreenRules {
  /** What the input is, for messages: `image reference`, `repository name`. */
  readonly what: string;
  readonly maxLength: number;
  /** The only characters the input may hold (tested one at a time). */
  readonly allowed: RegExp;
}

/**
 * Rejects input that no image reference, repository name or ARN can be, before any grammar looks at
 * it: not a string, empty, too long, control characters, whitespace, non-ASCII characters (look-alike
 * letters), characters outside `rules.allowed` (quotes, `$`, `;` and other injection attempts) and
 * `..`. Each message names the problem and where it is (characters counted from 1).
 *
 * @returns the input, known to be a non-empty string of allowed characters
 * @throws InvalidReferenceError
 */
export function screenInput(input: unknown, rules: ScreenRules): string {
  const { what } = rules;
  if (typeof input !== 'string') {
    const kind = input === null ? 'null' : typeof input;
    throw new InvalidReferenceError(`${what} must be a string, not ${kind}`);
  }
  if (input.length === 0) {
    throw new InvalidReferenceError(`${what} is empty`);
  }
  if (input.length > rules.maxLength) {
    throw new InvalidReferenceError(
      `${what} ${quote(input)} is ${input.length} characters long; the limit is ${rules.maxLength}`,
    );
  }
  for (let i = 0; i < input.length; i += 1) {
    const problem = characterProblem(input, i, rules.allowed);
    if (problem !== undefined) {
      const [found, remark] = problem;
      throw new InvalidReferenceError(
        `${what} ${quote(input)} contains ${found} at character ${i + 1}${remark}`,
      );
    }
  }
  const dots = input.indexOf('..');
  if (dots >= 0) {
    throw new InvalidReferenceError(
      `${what} ${quote(input)} contains '..' at character ${dots + 1}; no part of a name may be '..' or hold it`,
    );
  }
  return input;
}

/** What is wrong with the character at `i`, and a remark to follow its position; undefined if nothing. */
function characterProblem(input: string, i: number, allowed: RegExp): [string, string] | undefined {
  const code = input.charCodeAt(i);
  if (code < 0x20 || (code >= 0x7f && code <= 0x9f)) {
    const name = CONTROL_NAMES[code];
    return [`a control character (${codePoint(code)}${name === undefined ? '' : `, ${name}`})`, ''];
  }
  const ch = input.charAt(i);
  if (/\s/.test(ch)) {
    return [`whitespace (${codePoint(code)})`, ''];
  }
  if (code > 0x7e) {
    const cp = input.codePointAt(i) ?? code;
    return [`the non-ASCII character ${codePoint(cp)}`, '; names are plain ASCII'];
  }
  if (!allowed.test(ch)) {
    const name = CHARACTER_NAMES[ch] ?? `'${ch}'`;
    const hint = SHELL_CHARACTERS.has(ch) ? ' (shell or template syntax has no place in a name)' : '';
    return [name, `, which is not allowed${hint}`];
  }
  return undefined;
}
