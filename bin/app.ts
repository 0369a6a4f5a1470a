#!/usr/bin/env node
/**
 * The CDK app (`npx cdk synth`, `npx cdk deploy --all`). Configuration: the `imageTrust` key of the
 * context in cdk.json. Works offline and without AWS credentials: the stacks are environment-agnostic
 * unless `imageTrust.env` pins them.
 */
import { App } from 'aws-cdk-lib';
import { DeploymentConfigError } from '../lib/config/load-deployment-config';
import { buildImageTrustApp } from '../lib/image-trust-app';

const app = new App();
try {
  buildImageTrustApp(app);
} catch (error) {
  if (!(error instanceof DeploymentConfigError)) throw error;
  process.stderr.write(`${error.message}\n`);
  process.exit(1);
}
