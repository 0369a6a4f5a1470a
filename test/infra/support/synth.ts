import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type * as iam from 'aws-cdk-lib/aws-iam';
import type { IConstruct } from 'constructs';
import { CONTEXT_KEY } from '../../../lib/config/load-deployment-config';
import { buildImageTrustApp, type ImageTrustStacks } from '../../../lib/image-trust-app';
import type { ImageTrustFunction } from '../../../lib/pipeline/image-trust-function';

const CDK_JSON = path.resolve(__dirname, '..', '..', '..', 'cdk.json');

/** The context of cdk.json: the feature flags and the example configuration ops start from. */
export function cdkJsonContext(): Record<string, unknown> {
  return (JSON.parse(readFileSync(CDK_JSON, 'utf8')) as { context: Record<string, unknown> }).context;
}

/** The example configuration of cdk.json with some top-level fields replaced. */
export function exampleConfig(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { ...(cdkJsonContext()[CONTEXT_KEY] as Record<string, unknown>), ...overrides };
}

/** A `network.vpc` configuration: two private subnets in two zones, each with its route table. */
export const EXAMPLE_VPC = {
  vpcId: 'vpc-0a1b2c3d4e5f60718',
  privateSubnets: [
    {
      subnetId: 'subnet-0a1b2c3d4e5f60001',
      availabilityZone: 'eu-west-1a',
      routeTableId: 'rtb-0a1b2c3d4e5f60001',
    },
    {
      subnetId: 'subnet-0a1b2c3d4e5f60002',
      availabilityZone: 'eu-west-1b',
      routeTableId: 'rtb-0a1b2c3d4e5f60002',
    },
  ],
};

export interface Synthesized extends ImageTrustStacks {
  readonly app: App;
  readonly serviceTemplate: Template;
  readonly statefulTemplate: Template;
}

export interface SynthOptions {
  /** Bundle the functions with esbuild (several seconds); otherwise the code assets are placeholders. */
  readonly bundle?: boolean;
  /**
   * CDK's built-in check of the templates against the CloudFormation schemas. It costs about ten
   * seconds the first time in a process (loading the schemas), so only the tests that look at every
   * warning turn it on; `cdk synth` always runs it.
   */
  readonly cloudFormationValidation?: boolean;
  /** Where the cloud assembly goes (default: a temporary directory CDK picks). */
  readonly outdir?: string;
}

/**
 * Builds the app from a configuration (default: cdk.json's example) and synthesises it once. Without
 * `bundle`, no function is bundled (`aws:cdk:bundling-stacks` is empty): the templates are the same,
 * only the code assets are placeholders.
 */
export function synthesize(
  config: Record<string, unknown> = exampleConfig(),
  options: SynthOptions = {},
): Synthesized {
  const app = new App({
    builtinCloudFormationValidation: options.cloudFormationValidation ?? false,
    outdir: options.outdir,
    context: {
      ...cdkJsonContext(),
      [CONTEXT_KEY]: config,
      ...(options.bundle ? {} : { 'aws:cdk:bundling-stacks': [] }),
    },
  });
  const stacks = buildImageTrustApp(app);
  return {
    ...stacks,
    app,
    serviceTemplate: Template.fromStack(stacks.service),
    statefulTemplate: Template.fromStack(stacks.stateful),
  };
}

/** The logical id of a construct's CloudFormation resource in its stack. */
export function logicalId(construct: IConstruct): string {
  const resource = construct.node.defaultChild ?? construct;
  return Stack.of(construct).getLogicalId(resource as Parameters<Stack['getLogicalId']>[0]);
}

/** One statement of an IAM policy document, as synthesised. */
export interface Statement {
  readonly Effect: string;
  readonly Action: string | string[];
  readonly Resource: unknown;
  readonly Condition?: unknown;
}

/** The statements of a function's role policy (its only policy: the roles have no managed policies). */
export function roleStatements(template: Template, fn: ImageTrustFunction): Statement[] {
  const policy = fn.role.node.tryFindChild('DefaultPolicy') as iam.Policy | undefined;
  if (!policy) return [];
  const resources = template.findResources('AWS::IAM::Policy');
  const found = resources[logicalId(policy)] as {
    Properties: { PolicyDocument: { Statement: Statement[] } };
  };
  return found.Properties.PolicyDocument.Statement;
}

/** Every action the statements allow, flattened. */
export function actionsOf(statements: readonly Statement[]): string[] {
  return statements.flatMap((s) => (Array.isArray(s.Action) ? s.Action : [s.Action]));
}

/** The synthesised properties of one construct's resource. */
export function propertiesOf(
  template: Template,
  type: string,
  construct: IConstruct,
): Record<string, unknown> {
  const resource = template.findResources(type)[logicalId(construct)] as
    { Properties?: Record<string, unknown> } | undefined;
  if (!resource) throw new Error(`no ${type} for ${construct.node.path}`);
  return resource.Properties ?? {};
}
