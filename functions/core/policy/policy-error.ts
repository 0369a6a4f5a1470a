import type { z } from 'zod';
import { InvalidInputError } from '../errors';
import { issueLines } from '../validation/zod-messages';

/**
 * The problems of a policy document, one per line, each naming the field and what it allows:
 *
 * ```text
 * policy document is invalid (2 problems):
 *   - severityLimits: has unknown field 'CRITCAL'; allowed: CRITICAL, HIGH, MEDIUM, LOW, INFORMATIONAL, UNDEFINED
 *   - exceptions[0].expires: is required (a string)
 * ```
 */
export function formatPolicyError(error: z.ZodError): string {
  const lines = issueLines(error, 'policy document');
  const count = error.issues.length;
  return `policy document is invalid (${count} problem${count === 1 ? '' : 's'}):\n${lines.map((l) => `  - ${l}`).join('\n')}`;
}

/** A policy document that does not validate; `problems` lists what formatPolicyError prints. */
export class PolicyValidationError extends InvalidInputError {
  readonly problems: readonly string[];

  constructor(error: z.ZodError) {
    super(formatPolicyError(error), { cause: error });
    this.problems = issueLines(error, 'policy document');
  }
}
