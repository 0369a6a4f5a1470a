import { isDeepStrictEqual } from 'node:util';
import { parseRuntimeConfig } from '../../functions/core/config/parse-runtime-config';
import type { RuntimeConfig } from '../../functions/core/config/runtime-config';

import { RUNTIME_CONFIG } from '../../functions/runtime/environment-names';

/** The environment variable that carries the runtime configuration to every function. */
export const RUNTIME_CONFIG_VARIABLE = RUNTIME_CONFIG;

/** Lambda allows 4 KB for all of a function's environment variables, names and values together. */
export const LAMBDA_ENVIRONMENT_LIMIT_BYTES = 4096;

/**
 * What the other variables may take: TABLE_NAME, KEY_ID (a key ARN), two queue URLs, the Powertools
 * settings, MAX_RECEIVE_COUNT, RECORDS_IN_FLIGHT and NODE_OPTIONS come to about 600 bytes with CloudFormation's generated
 * names; the rest is headroom.
 */
export const RESERVED_FOR_OTHER_VARIABLES_BYTES = 1024;

export const MAX_RUNTIME_CONFIG_BYTES =
  LAMBDA_ENVIRONMENT_LIMIT_BYTES - RESERVED_FOR_OTHER_VARIABLES_BYTES - RUNTIME_CONFIG_VARIABLE.length;

/**
 * The runtime configuration as the functions receive it: compact JSON of the validated configuration
 * (defaults applied, so what runs is what synth checked). Returns the problem instead when it does not
 * fit Lambda's environment or would not parse back to the same configuration at cold start.
 */
export function runtimeConfigEnvironment(
  runtime: RuntimeConfig,
): { readonly value: string } | { readonly problem: string } {
  const value = JSON.stringify(runtime);
  const size = Buffer.byteLength(value, 'utf8');
  if (size > MAX_RUNTIME_CONFIG_BYTES) {
    const parts = Object.entries(runtime)
      .map(([key, part]) => ({ key, bytes: Buffer.byteLength(JSON.stringify(part), 'utf8') }))
      .sort((a, b) => b.bytes - a.bytes)
      .map((p) => `${p.key} ${p.bytes}`)
      .join(', ');
    return {
      problem:
        `the runtime configuration is ${size} bytes as ${RUNTIME_CONFIG_VARIABLE}, over the ${MAX_RUNTIME_CONFIG_BYTES} ` +
        `bytes it may take of Lambda's ${LAMBDA_ENVIRONMENT_LIMIT_BYTES}-byte environment limit (${parts}); ` +
        'shorten the largest part, e.g. fewer or shorter policy exceptions and repository overrides',
    };
  }
  if (!isDeepStrictEqual(parseRuntimeConfig(value), runtime)) {
    return {
      problem: 'the runtime configuration does not read back unchanged from JSON (a bug in its schema)',
    };
  }
  return { value };
}
