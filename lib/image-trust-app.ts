import { Validations, type App } from 'aws-cdk-lib';
import { AwsSolutionsChecks, ServerlessChecks } from 'cdk-nag';
import type { DeploymentConfig } from './config/deployment-config-schema';
import { deploymentConfigFromContext } from './config/load-deployment-config';
import { controlTowerChecks } from './guard/control-tower-checks';
import { ServiceStack } from './service-stack';
import { StatefulStack } from './stateful/stateful-stack';

export interface ImageTrustStacks {
  readonly config: DeploymentConfig;
  readonly stateful: StatefulStack;
  readonly service: ServiceStack;
}

/**
 * The image-trust app: the configuration from the `imageTrust` context key, validated first (synth
 * stops with every problem named), then the stateful stack and the service stack that uses it, checked
 * by the cdk-nag AwsSolutions and Serverless packs and by AWS Control Tower's proactive controls
 * (cfn-guard): a finding that is not acknowledged fails synth.
 *
 * @throws DeploymentConfigError when the configuration is invalid
 */
export function buildImageTrustApp(app: App): ImageTrustStacks {
  const config = deploymentConfigFromContext(app);
  const env = config.env;
  const stateful = new StatefulStack(app, 'ImageTrustState', {
    description: 'image-trust: verdict table and signing key (retained)',
    env,
    key: config.key,
  });
  const service = new ServiceStack(app, 'ImageTrustService', {
    description: 'image-trust: ECR events to signed verdicts, lookup API, alarms',
    env,
    config,
    runtimeConfig: config.runtimeEnvironment,
    table: stateful.table,
    signingKey: stateful.signingKey,
  });
  Validations.of(app).addPlugins(
    new AwsSolutionsChecks(app),
    new ServerlessChecks(app),
    controlTowerChecks(),
  );
  return { config, stateful, service };
}
