import { InvalidInputError } from '../errors';
import { zodMessages } from '../validation/zod-messages';
import { runtimeConfigSchema, type RuntimeConfig } from './runtime-config';

/**
 * Validates the runtime configuration (an object or JSON text). Every problem is named with its path
 * and what is allowed, e.g. `allowlist.registries[0].region: an AWS region such as 'eu-west-1'`.
 */
export function parseRuntimeConfig(input: unknown): RuntimeConfig {
  let doc = input;
  if (typeof input === 'string') {
    try {
      doc = JSON.parse(input);
    } catch (cause) {
      throw new InvalidInputError('image-trust configuration is not valid JSON', { cause });
    }
  }
  const result = runtimeConfigSchema.safeParse(doc, { error: zodMessages });
  if (!result.success) {
    const problems = result.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
    throw new InvalidInputError(`invalid image-trust configuration:\n  ${problems.join('\n  ')}`);
  }
  return result.data;
}
