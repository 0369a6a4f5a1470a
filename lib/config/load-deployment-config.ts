import type { Construct } from 'constructs';
import type { z } from 'zod';
import type { RuntimeConfig } from '../../functions/core/config/runtime-config';
import { issuePath, zodMessages } from '../../functions/core/validation/zod-messages';
import {
  deploymentConfigSchema,
  RUNTIME_KEYS,
  type DeploymentConfig,
  type EcrRegistry,
} from './deployment-config-schema';
import { runtimeConfigEnvironment } from './runtime-config-environment';

/** The cdk.json context key (or `cdk synth -c imageTrust='{...}'`) that holds the configuration. */
export const CONTEXT_KEY = 'imageTrust';

/** The configuration cannot be deployed; the message lists every problem as `imageTrust.path: what`. */
export class DeploymentConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(
      `invalid image-trust configuration (cdk.json context '${CONTEXT_KEY}'):\n  ${problems.join('\n  ')}\n` +
        'See the example in cdk.json and the schemas in lib/config/.',
    );
    this.name = 'DeploymentConfigError';
  }
}

/** Reads and validates the configuration from the app's context. */
export function deploymentConfigFromContext(scope: Construct): DeploymentConfig {
  return parseDeploymentConfig(scope.node.tryGetContext(CONTEXT_KEY));
}

/**
 * Validates a configuration object (or its JSON text, as `-c imageTrust=...` passes it).
 *
 * @throws DeploymentConfigError naming each invalid key and what is allowed
 */
export function parseDeploymentConfig(input: unknown): DeploymentConfig {
  if (input === undefined) {
    throw new DeploymentConfigError([`${CONTEXT_KEY}: is required: add it to the "context" of cdk.json`]);
  }
  let doc = input;
  if (typeof input === 'string') {
    try {
      doc = JSON.parse(input);
    } catch (error) {
      throw new DeploymentConfigError([`${CONTEXT_KEY}: is not valid JSON (${(error as Error).message})`]);
    }
  }
  const result = deploymentConfigSchema.safeParse(doc, { error: deploymentMessages });
  if (!result.success) {
    throw new DeploymentConfigError(
      result.error.issues.map(
        (i) => `${CONTEXT_KEY}${i.path.length > 0 ? '.' : ''}${issuePath(i.path, '')}: ${i.message}`,
      ),
    );
  }
  const parsed = result.data;
  const runtime = Object.fromEntries(RUNTIME_KEYS.map((key) => [key, parsed[key]])) as RuntimeConfig;
  const environment = runtimeConfigEnvironment(runtime);
  if ('problem' in environment) throw new DeploymentConfigError([`${CONTEXT_KEY}: ${environment.problem}`]);
  const runtimeEnvironment = environment.value;
  const settings = Object.fromEntries(
    Object.entries(parsed).filter(([key]) => !(RUNTIME_KEYS as string[]).includes(key)),
  ) as Omit<typeof parsed, keyof RuntimeConfig>;
  const registries = runtime.allowlist.registries.filter((r): r is EcrRegistry => 'accountId' in r);
  return { ...settings, runtime, runtimeEnvironment, registries };
}

/** The shared plain-English messages, plus the discriminator of the key settings. */
const deploymentMessages: z.core.$ZodErrorMap = (issue) => {
  if (issue.code === 'invalid_union' && 'discriminator' in issue && Array.isArray(issue.options)) {
    const given: unknown =
      typeof issue.input === 'object' && issue.input !== null && typeof issue.discriminator === 'string'
        ? (issue.input as Record<string, unknown>)[issue.discriminator]
        : undefined;
    const shown = typeof given === 'string' ? `, not '${given}'` : '';
    return `must be one of ${issue.options.map((o) => `'${String(o)}'`).join(', ')}${shown}`;
  }
  return zodMessages(issue);
};
