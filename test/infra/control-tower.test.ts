import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { App, Stack, Validations } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import * as logs from 'aws-cdk-lib/aws-logs';
import { controlTowerChecks } from '../../lib/guard/control-tower-checks';
import { INTERFACE_ENDPOINTS } from '../../lib/network/private-network';
import { EXAMPLE_VPC, exampleConfig, synthesize } from './support/synth';

const GUARD = path.resolve(__dirname, '..', '..', 'node_modules', '@cdklabs', 'cdk-validator-cfnguard');

/** cfn-guard with the Control Tower rules over every template of a cloud assembly: its exit code and failures. */
function guardByHand(outdir: string): { status: number; failures: string[] } {
  const templates = readdirSync(outdir).filter((f) => f.endsWith('.template.json'));
  const args = ['validate', '--rules', path.join(GUARD, 'rules', 'control-tower', 'cfn-guard')];
  for (const t of templates) args.push('--data', path.join(outdir, t));
  args.push('--show-summary', 'fail');
  try {
    execFileSync(path.join(GUARD, 'bin', 'ubuntu', 'x86_64', 'cfn-guard'), args, { encoding: 'utf8' });
    return { status: 0, failures: [] };
  } catch (error) {
    const e = error as { status: number; stdout: string };
    return { status: e.status, failures: [...new Set(e.stdout.match(/[\w-]+\.guard\/\w+/g) ?? [])].sort() };
  }
}

const outdir = mkdtempSync(path.join(tmpdir(), 'image-trust-ct-'));
const example = synthesize(exampleConfig(), { outdir });
const vpcOut = mkdtempSync(path.join(tmpdir(), 'image-trust-ct-vpc-'));
const inVpc = synthesize(exampleConfig({ network: { vpc: EXAMPLE_VPC } }), { outdir: vpcOut });
example.app.synth();
inVpc.app.synth();
/** What the README tells an account that enforces every control to deploy: a VPC, and no webhook route. */
const strictOut = mkdtempSync(path.join(tmpdir(), 'image-trust-ct-strict-'));
const exampleApi = exampleConfig().api as Record<string, unknown>;
const strict = synthesize(
  exampleConfig({
    network: { vpc: EXAMPLE_VPC },
    api: { ...exampleApi, webhook: { ...(exampleApi.webhook as object), enabled: false } },
  }),
  { outdir: strictOut },
);
strict.app.synth();

describe('AWS Control Tower proactive controls at synth', () => {
  it('fail synth when a control is broken (an unencrypted log group, no retention)', () => {
    const app = new App();
    new logs.LogGroup(new Stack(app, 'Control'), 'Plain', { retention: logs.RetentionDays.ONE_MONTH });
    Validations.of(app).addPlugins(controlTowerChecks());

    expect(() => app.synth()).toThrow(/CT\.CLOUDWATCH\.PR\.3[\s\S]*Control\/Plain/);
  });

  it('stay failing when another finding is acknowledged (every violation is an error)', () => {
    const app = new App();
    const stack = new Stack(app, 'Control');
    new logs.LogGroup(stack, 'Plain', { retention: logs.RetentionDays.ONE_MONTH });
    Validations.of(stack).acknowledge({
      id: 'cdk-validator-cfnguard::cloudwatch_log_group_retention_period_check',
      reason: 'acknowledged here to prove the other control still fails synth',
    });
    Validations.of(app).addPlugins(controlTowerChecks());

    expect(() => app.synth()).toThrow(/CT\.CLOUDWATCH\.PR\.3/);
  });

  it('by hand for functions in a VPC, fail only the suppressed CT.APIGATEWAY.PR.5 of the EKS webhook route', () => {
    expect(guardByHand(vpcOut)).toEqual({
      status: 19,
      failures: ['ct-apigateway-pr-5.guard/api_gw_v2_authorization_type_configured_check'],
    });
  });

  it('pass by hand with a VPC and no EKS webhook route (Gatekeeper then): cfn-guard reports no failure', () => {
    expect(guardByHand(strictOut)).toEqual({ status: 0, failures: [] });
  });

  it('by hand without a VPC, fail only the suppressed CT.LAMBDA.PR.3 and the webhook route (the rules ignore Metadata)', () => {
    expect(guardByHand(outdir)).toEqual({
      status: 19,
      failures: [
        'ct-apigateway-pr-5.guard/api_gw_v2_authorization_type_configured_check',
        'ct-lambda-pr-3.guard/lambda_inside_vpc_check',
      ],
    });
  });
});

describe('the fixes the controls asked for', () => {
  const template = example.serviceTemplate;
  const logsKey = Object.keys(template.findResources('AWS::KMS::Key'));

  it('encrypt every log group with the stack logs key, kept a year by default', () => {
    expect(logsKey).toHaveLength(1);
    const groups = Object.values(template.findResources('AWS::Logs::LogGroup'));
    expect(groups.length).toBeGreaterThanOrEqual(7);
    for (const group of groups) {
      expect(group).toMatchObject({
        Properties: { KmsKeyId: { 'Fn::GetAtt': [logsKey[0], 'Arn'] }, RetentionInDays: 365 },
      });
    }
  });

  it('let CloudWatch Logs of the region use the logs key for this account only; rotate it', () => {
    template.hasResourceProperties('AWS::KMS::Key', {
      EnableKeyRotation: true,
      KeyPolicy: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Action: 'kms:CreateGrant' }),
          Match.objectLike({
            Principal: { Service: 'logs.eu-west-1.amazonaws.com' },
            Condition: {
              ArnLike: {
                'kms:EncryptionContext:aws:logs:arn': {
                  'Fn::Join': [
                    '',
                    ['arn:', { Ref: 'AWS::Partition' }, ':logs:eu-west-1:123456789012:log-group:*'],
                  ],
                },
              },
            },
          }),
        ]),
      },
    });
  });

  it('restrict the API Gateway permissions to their API and account', () => {
    const permissions = Object.values(
      template.findResources('AWS::Lambda::Permission', {
        Properties: { Principal: 'apigateway.amazonaws.com' },
      }),
    ) as { Properties: { SourceAccount: unknown; SourceArn: unknown } }[];
    expect(permissions.length).toBeGreaterThanOrEqual(3);
    for (const p of permissions) {
      expect(p.Properties.SourceAccount).toBe('123456789012');
      expect(JSON.stringify(p.Properties.SourceArn)).toMatch(/execute-api.*Ref/);
    }
  });

  it('mark the dead-letter queues as such (redrive allow policy)', () => {
    const queues = Object.values(template.findResources('AWS::SQS::Queue'));
    const dlqs = queues.filter(
      (q) => !Object.hasOwn((q as { Properties: object }).Properties, 'RedrivePolicy'),
    );
    expect(dlqs).toHaveLength(5);
    for (const q of dlqs)
      expect(q).toMatchObject({ Properties: { RedriveAllowPolicy: { redrivePermission: 'allowAll' } } });
  });

  it('without a VPC, suppress CT.LAMBDA.PR.3 on each function with its reason in the metadata', () => {
    const functions = Object.values(template.findResources('AWS::Lambda::Function'));
    expect(functions.length).toBeGreaterThanOrEqual(6);
    for (const fn of functions) {
      expect(fn).toMatchObject({
        Metadata: {
          guard: {
            SuppressedRules: ['lambda_inside_vpc_check'],
            Reasons: {
              lambda_inside_vpc_check: expect.stringMatching(/^CT\.LAMBDA\.PR\.3: No network\.vpc/),
            },
          },
        },
      });
    }
    const report = JSON.parse(readFileSync(path.join(outdir, 'validation-report.json'), 'utf8')) as {
      pluginReports: {
        pluginName: string;
        conclusion: string;
        suppressedViolations?: { ruleName: string }[];
      }[];
    };
    const guard = report.pluginReports.find((r) => r.pluginName === 'cdk-validator-cfnguard');
    expect(guard?.conclusion).toBe('success');
    expect([...new Set(guard?.suppressedViolations?.map((v) => v.ruleName))].sort()).toEqual([
      'api_gw_v2_authorization_type_configured_check',
      'lambda_inside_vpc_check',
    ]);
  });
});

describe('network.vpc', () => {
  const template = inVpc.serviceTemplate;

  it('places every function in the private subnets with its security group, no suppression', () => {
    const functions = Object.values(template.findResources('AWS::Lambda::Function'));
    for (const fn of functions) {
      expect(fn).toMatchObject({
        Properties: {
          VpcConfig: {
            SubnetIds: EXAMPLE_VPC.privateSubnets.map((s) => s.subnetId),
            SecurityGroupIds: [expect.anything()],
          },
        },
      });
      expect(JSON.stringify(fn)).not.toContain('SuppressedRules');
    }
  });

  it('creates the endpoints the functions need: interface ones from the functions only, S3 and DynamoDB routes', () => {
    const endpoints = Object.values(template.findResources('AWS::EC2::VPCEndpoint')) as {
      Properties: { ServiceName: unknown; VpcEndpointType?: string; RouteTableIds?: string[] };
    }[];
    const names = endpoints.map((e) => JSON.stringify(e.Properties.ServiceName));
    for (const service of [
      'ecr.api',
      'ecr.dkr',
      'kms',
      'sqs',
      'sts',
      'logs',
      'xray',
      'secretsmanager',
      's3',
      'dynamodb',
    ]) {
      expect(names.filter((n) => n.includes(`.${service}"`) || n.endsWith(`.${service}`))).toHaveLength(1);
    }
    expect(endpoints).toHaveLength(Object.keys(INTERFACE_ENDPOINTS).length + 2);
    const gateways = endpoints.filter((e) => e.Properties.RouteTableIds);
    expect(gateways.map((g) => g.Properties.RouteTableIds)).toEqual([
      ['rtb-0a1b2c3d4e5f60001', 'rtb-0a1b2c3d4e5f60002'],
      ['rtb-0a1b2c3d4e5f60001', 'rtb-0a1b2c3d4e5f60002'],
    ]);
  });

  it('creates no endpoint when the VPC has them', () => {
    const existing = synthesize(
      exampleConfig({ network: { vpc: { ...EXAMPLE_VPC, endpoints: 'existing' } } }),
    );
    existing.serviceTemplate.resourceCountIs('AWS::EC2::VPCEndpoint', 0);
  });
});
