/**
 * The whole deployment configuration: the runtime configuration that every function receives
 * (allowlist, policy, scanning, admission; functions/core/config/runtime-config.ts) and the settings
 * only CDK reads (key, api, alarmEmail, signingConcurrency, ...), side by side in the `imageTrust`
 * context key of cdk.json. The checks that span both halves are here too.
 */
import type { z } from 'zod';
import { runtimeConfigSchema, type RuntimeConfig } from '../../functions/core/config/runtime-config';
import { deploymentSettingsShape } from './deployment-settings-schema';
import { putImageCallsPerSignature, signingConcurrencyProblem } from './signing-budget';
import { strictObject } from './strict-object';

/** The runtime configuration's fields, in the order functions/core/config/runtime-config.ts has them. */
export const RUNTIME_KEYS = Object.keys(runtimeConfigSchema.shape) as (keyof RuntimeConfig)[];

export const deploymentConfigSchema = strictObject({
  ...runtimeConfigSchema.shape,
  ...deploymentSettingsShape,
}).superRefine((config, ctx) => {
  config.allowlist.registries.forEach((registry, index) => {
    if ('host' in registry) {
      ctx.addIssue({
        code: 'custom',
        path: ['allowlist', 'registries', index],
        message:
          'a registry host is for local mode (npm start); a deployment takes ECR registries as { accountId, region }',
      });
    }
  });
  const env = config.env;
  if (
    env &&
    !config.allowlist.registries.some(
      (r) => 'accountId' in r && r.accountId === env.account && r.region === env.region,
    )
  ) {
    ctx.addIssue({
      code: 'custom',
      path: ['allowlist', 'registries'],
      message: `must include the registry of the deployment itself, { accountId: '${env.account}', region: '${env.region}' }: ECR and Inspector events reach only the stack's own account and region`,
    });
  }
  // A seal is renewed at half its lifetime: leave the reconciler two runs before it runs out.
  const minLifetimeHours = Math.ceil((4 * config.reconcileEveryMinutes) / 60);
  if (config.sealing.lifetimeHours < minLifetimeHours) {
    ctx.addIssue({
      code: 'custom',
      path: ['sealing', 'lifetimeHours'],
      message: `at least ${minLifetimeHours} hours with reconcileEveryMinutes ${config.reconcileEveryMinutes}: a seal is renewed at half its lifetime, and the reconciler needs two runs before it runs out`,
    });
  }
  const problem = signingConcurrencyProblem(
    config.signingConcurrency,
    config.quotas.ecrPutImagePerSecond,
    putImageCallsPerSignature(config.signatureFormats),
  );
  if (problem) ctx.addIssue({ code: 'custom', path: ['signingConcurrency'], message: problem });
});

export type DeploymentConfigInput = z.input<typeof deploymentConfigSchema>;
type Parsed = z.output<typeof deploymentConfigSchema>;

/** An ECR registry that images may come from. */
export interface EcrRegistry {
  readonly accountId: string;
  readonly region: string;
}

/** The validated configuration, split into what the functions get and what CDK uses. */
export interface DeploymentConfig extends Omit<Parsed, keyof RuntimeConfig> {
  readonly runtime: RuntimeConfig;
  /** The runtime configuration as IMAGE_TRUST_CONFIG: compact JSON, checked to fit Lambda's environment. */
  readonly runtimeEnvironment: string;
  /** `allowlist.registries`, all ECR (host registries are rejected above). */
  readonly registries: readonly EcrRegistry[];
}
