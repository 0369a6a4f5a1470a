import { App, Stack, Validations } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { AwsSolutionsChecks, ServerlessChecks, type NagPack } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { EXAMPLE_VPC, exampleConfig, synthesize, type Synthesized } from './support/synth';

const withCfnValidation = { cloudFormationValidation: true };
const packs = (): NagPack[] => [new AwsSolutionsChecks(), new ServerlessChecks()];

/** Every finding the packs report that no acknowledgement covers, as `rule at path`. */
function unacknowledged(scope: IConstruct): string[] {
  return packs().flatMap((pack) =>
    pack
      .validateScope(scope)
      .violations.flatMap((v) =>
        v.violatingResources.map((r) => `${v.ruleName} (${v.severity}) at ${r.constructPath}`),
      ),
  );
}

/** Every acknowledgement in the tree: rule id (without its plugin prefix), where, and why. */
function acknowledgements(root: IConstruct): { id: string; path: string; reason: string }[] {
  return root.node.findAll().flatMap((construct) =>
    construct.node.metadata
      .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
      .flatMap((entry) =>
        Object.entries(entry.data as Record<string, string>).map(([id, reason]) => ({
          id: id.replace(/^[A-Za-z-]+::/, ''),
          path: construct.node.path,
          reason,
        })),
      ),
  );
}

/** cdk.json's example, and the other branches: mTLS, a key imported by alias, Trivy reports, no reservations. */
const example = synthesize(exampleConfig(), withCfnValidation);
const variants: [string, () => Synthesized][] = [
  ['the cdk.json example', () => example],
  [
    'the lookup function with provisioned concurrency behind an alias',
    () => synthesize(exampleConfig({ lookupProvisionedConcurrency: 2 }), withCfnValidation),
  ],
  [
    'functions in a VPC, endpoints created',
    () => synthesize(exampleConfig({ network: { vpc: EXAMPLE_VPC } })),
  ],
  [
    'mTLS, a key imported by alias, Trivy annotations, every repository',
    () =>
      synthesize(
        exampleConfig({
          allowlist: {
            registries: [{ accountId: '123456789012', region: 'eu-west-1' }],
            repositories: ['**'],
          },
          scanning: { mode: 'trivy-annotation' },
          key: { mode: 'import', alias: 'alias/platform-signing' },
          api: {
            auth: 'mtls',
            mtls: {
              truststoreUri: 's3://example-truststores/image-trust/ca.pem',
              domainName: 'image-trust.example.com',
              certificateArn:
                'arn:aws:acm:eu-west-1:123456789012:certificate/0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b',
            },
          },
          reserveConcurrency: false,
        }),
        withCfnValidation,
      ),
  ],
  [
    'mTLS with the truststore bucket the stack makes, its version pinned; no webhook endpoint',
    () =>
      synthesize(
        exampleConfig({
          api: {
            auth: 'mtls',
            mtls: {
              truststoreVersion: 'Xb3RPYLSmkC8Zx2DnnFJQ7xOvaP4f0l_',
              domainName: 'image-trust.example.com',
              certificateArn:
                'arn:aws:acm:eu-west-1:123456789012:certificate/0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b',
            },
            webhook: { enabled: false },
          },
        }),
        withCfnValidation,
      ),
  ],
];

describe.each(variants)('cdk-nag AwsSolutions and Serverless packs: %s', (_name, build) => {
  const app = build();

  it('report no finding that is not acknowledged', () => {
    expect(unacknowledged(app.app)).toEqual([]);
  });

  it('leave no unacknowledged warning or error annotation', () => {
    for (const stack of [app.stateful, app.service]) {
      expect(Annotations.fromStack(stack).findError('*', Match.anyValue())).toEqual([]);
      expect(Annotations.fromStack(stack).findWarning('*', Match.anyValue())).toEqual([]);
    }
  });

  it('give every acknowledgement a reason of its own', () => {
    const acks = acknowledgements(app.app);
    expect(acks.length).toBeGreaterThan(0);
    // A reason says why this resource may break the rule: at least a sentence, not a placeholder.
    expect(acks.filter((ack) => ack.reason.trim().length < 40)).toEqual([]);
  });
});

describe('the acknowledgements of the cdk.json example', () => {
  const app = example;

  it('are these rules, and the wildcards named exactly', () => {
    const ids = [...new Set(acknowledgements(app.app).map((a) => a.id))].sort();
    expect(ids).toEqual([
      'AwsSolutions-APIG4',
      'AwsSolutions-IAM5[Resource::*]',
      'AwsSolutions-IAM5[Resource::arn:aws:ecr:eu-west-1:123456789012:repository/base-images/*]',
      'AwsSolutions-IAM5[Resource::arn:aws:ecr:eu-west-1:123456789012:repository/platform/*]',
      'AwsSolutions-IAM5[Resource::arn:aws:ecr:eu-west-1:123456789012:repository/team-a/*]',
      'AwsSolutions-L1',
      'AwsSolutions-SMG4',
      'AwsSolutions-SQS3',
      'Serverless-LambdaDLQ',
      'Serverless-LambdaEventSourceMappingDestination',
      'Serverless-LambdaLatestVersion',
      'Serverless-SNSRedrivePolicy',
      'Serverless-SQSRedrivePolicy',
      'api_gw_v2_authorization_type_configured_check',
      'lambda_inside_vpc_check',
    ]);
  });
});

describe('the check itself', () => {
  it('reports a finding nobody acknowledged (a queue without a dead-letter queue or TLS policy)', () => {
    const app = new App();
    new sqs.Queue(new Stack(app, 'Control'), 'Plain');
    expect(unacknowledged(app)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^AwsSolutions-SQS3 \(error\) at Control\/Plain/),
        expect.stringMatching(/^AwsSolutions-SQS4 \(error\) at Control\/Plain/),
        expect.stringMatching(/^Serverless-SQSRedrivePolicy \(error\) at Control\/Plain/),
      ]),
    );
  });
});
