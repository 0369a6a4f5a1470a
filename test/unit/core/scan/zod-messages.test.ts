import { z } from 'zod';
import { formatIssues, issuePath, zodMessages } from '../../../../functions/core/validation/zod-messages';

function messageOf(schema: z.ZodType, input: unknown): string {
  const result = schema.safeParse(input, { error: zodMessages });
  if (result.success) throw new Error('expected a failure');
  return formatIssues('input', result.error);
}

describe('issuePath', () => {
  it('writes names with dots, indexes in brackets and odd keys quoted', () => {
    expect(issuePath(['exceptions', 0, 'expires'])).toBe('exceptions[0].expires');
    expect(issuePath(['counts', 'team/a'])).toBe("counts['team/a']");
    expect(issuePath([])).toBe('(root)');
    expect(issuePath([], 'policy document')).toBe('policy document');
  });
});

describe('zodMessages', () => {
  it.each([
    [z.string().max(3), 'abcd', 'input is invalid: (root): must be at most 3 characters long'],
    [z.string().min(3), 'ab', 'input is invalid: (root): must be at least 3 characters long'],
    [z.array(z.int()).max(1), [1, 2], 'input is invalid: (root): must have at most 1 item'],
    [z.number().lt(5), 5, 'input is invalid: (root): must be less than 5'],
    [z.enum(['A', 'B']), 'C', "input is invalid: (root): must be one of 'A', 'B', not 'C'"],
    [z.email(), 'x', "input is invalid: (root): must be in email format, not 'x'"],
    [z.boolean(), 1, 'input is invalid: (root): must be a boolean, not the number 1'],
    [z.object({ a: z.string() }), { a: true }, 'input is invalid: a: must be a string, not a boolean'],
  ])('describes a failure of %#', (schema, input, message) => {
    expect(messageOf(schema, input)).toBe(message);
  });

  it('lists at most ten issues', () => {
    const message = messageOf(
      z.array(z.string()),
      Array.from({ length: 12 }, (_, i) => i),
    );

    expect(message).toMatch(/\[9\]: must be a string, not the number 9; and 2 more$/);
  });

  it('quotes hostile input so that it cannot break a log line', () => {
    expect(messageOf(z.literal('x'), 'a\nb\u202e')).toBe(
      "input is invalid: (root): must be 'x', not 'a\\u{a}b\\u{202e}'",
    );
  });
});
