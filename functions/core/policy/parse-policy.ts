import { InvalidInputError } from '../errors';
import { zodMessages } from '../validation/zod-messages';
import { PolicyValidationError } from './policy-error';
import { policySchema, type PolicyDocument } from './policy-schema';

/**
 * Validates a policy document, given as an object or as JSON text, and applies the defaults.
 *
 * @throws PolicyValidationError listing every problem (field and what is allowed)
 * @throws InvalidInputError when the text is not JSON
 */
export function parsePolicy(doc: unknown): PolicyDocument {
  const input = typeof doc === 'string' ? parseJson(doc) : doc;
  const result = policySchema.safeParse(input, { error: zodMessages });
  if (!result.success) {
    throw new PolicyValidationError(result.error);
  }
  return result.data;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (cause) {
    const detail = cause instanceof Error ? `: ${cause.message}` : '';
    throw new InvalidInputError(`policy document is not valid JSON${detail}`, { cause });
  }
}
