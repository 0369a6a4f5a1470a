import * as z from 'zod';

/**
 * A zod object that rejects unknown fields and names the ones it allows, so that a typo in cdk.json
 * (`alarmEmial`) fails synth with the list of correct spellings instead of being silently ignored.
 */
export function strictObject<Shape extends z.core.$ZodLooseShape>(shape: Shape) {
  const allowed = Object.keys(shape).join(', ');
  return z.strictObject(shape, {
    error: (issue) =>
      issue.code === 'unrecognized_keys'
        ? `has unknown field${issue.keys.length === 1 ? '' : 's'} ${issue.keys.map((k) => `'${k}'`).join(', ')}; allowed: ${allowed}`
        : undefined,
  });
}
