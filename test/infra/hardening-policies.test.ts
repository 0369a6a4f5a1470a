import { Match } from 'aws-cdk-lib/assertions';
import { exampleConfig, logicalId, synthesize } from './support/synth';

const SIGNER_ROLE_ARN = {
  'Fn::Join': [
    '',
    ['arn:', { Ref: 'AWS::Partition' }, ':iam::123456789012:role/image-trust-signer-eu-west-1'],
  ],
};

const app = synthesize(exampleConfig({ scanning: { mode: 'trivy-annotation' } }));
const { pipeline } = app.service;

describe('the signing key policy: only the signer signs', () => {
  const statements = () =>
    (
      Object.values(app.statefulTemplate.findResources('AWS::KMS::Key'))[0] as {
        Properties: { KeyPolicy: { Statement: Record<string, unknown>[] } };
      }
    ).Properties.KeyPolicy.Statement;

  it('denies kms:Sign to every principal but the signer role, by the name that role has', () => {
    expect(statements()).toContainEqual({
      Sid: 'DenySignExceptSigner',
      Effect: 'Deny',
      Principal: { AWS: '*' },
      Action: 'kms:Sign',
      Resource: '*',
      Condition: { StringNotEquals: { 'aws:PrincipalArn': SIGNER_ROLE_ARN } },
    });
    app.serviceTemplate.hasResourceProperties('AWS::IAM::Role', {
      RoleName: 'image-trust-signer-eu-west-1',
      Description: Match.stringLikeRegexp('Signer function'),
    });
  });

  it('keeps key administration with the account and allows kms:CreateGrant to AWS services only', () => {
    const account = { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::123456789012:root']] };
    expect(statements()).toContainEqual(
      expect.objectContaining({ Effect: 'Allow', Principal: { AWS: account }, Action: 'kms:*' }),
    );
    expect(statements()).toContainEqual(
      expect.objectContaining({
        Effect: 'Deny',
        Action: 'kms:CreateGrant',
        Condition: {
          BoolIfExists: { 'kms:GrantIsForAWSResource': 'false', 'aws:PrincipalIsAWSService': 'false' },
        },
      }),
    );
    // Nothing else denies: the account's administrators keep every administration action.
    expect(statements().filter((s) => s.Effect === 'Deny')).toHaveLength(2);
  });
});

describe('the work queue policies: only the rules enqueue', () => {
  const denyOf = (queue: { queue: unknown }) => {
    const policies = Object.values(app.serviceTemplate.findResources('AWS::SQS::QueuePolicy')) as {
      Properties: { Queues: unknown[]; PolicyDocument: { Statement: Record<string, unknown>[] } };
    }[];
    const ref = { Ref: logicalId((queue as { queue: never }).queue) };
    const policy = policies.find((p) => JSON.stringify(p.Properties.Queues) === JSON.stringify([ref]));
    return policy?.Properties.PolicyDocument.Statement.find(
      (s) => s.Sid === 'DenySendersButRulesAndHandOffs',
    );
  };
  const ruleArn = (rule: Parameters<typeof logicalId>[0]) => ({ 'Fn::GetAtt': [logicalId(rule), 'Arn'] });
  const roleArn = (fn: { role: Parameters<typeof logicalId>[0] }) => ({
    'Fn::GetAtt': [logicalId(fn.role), 'Arn'],
  });

  it('deny sqs:SendMessage on the image-action and finding queues to all but their rules', () => {
    expect(denyOf(pipeline.imageActionQueue)).toMatchObject({
      Effect: 'Deny',
      Principal: { AWS: '*' },
      Action: 'sqs:SendMessage',
      Condition: { ArnNotEqualsIfExists: { 'aws:SourceArn': [ruleArn(pipeline.rules.imageAction)] } },
    });
    expect(denyOf(pipeline.findingQueue)).toMatchObject({
      Condition: { ArnNotEqualsIfExists: { 'aws:SourceArn': [ruleArn(pipeline.rules.inspectorFinding)] } },
    });
    expect(denyOf(pipeline.findingQueue)?.Condition).not.toHaveProperty('ArnNotEquals');
  });

  it('deny it on the signer queue to all but its rules and the functions that hand work to it', () => {
    expect(denyOf(pipeline.signerQueue)).toMatchObject({
      Effect: 'Deny',
      Action: 'sqs:SendMessage',
      Condition: {
        ArnNotEqualsIfExists: {
          'aws:SourceArn': [ruleArn(pipeline.rules.imageScan), ruleArn(pipeline.rules.inspectorScan)],
        },
        ArnNotEquals: {
          'aws:PrincipalArn': [
            roleArn(pipeline.imageAction),
            roleArn(pipeline.finding),
            roleArn(pipeline.reconciler),
            roleArn(app.service.admin),
          ],
        },
      },
    });
  });

  it("let the operators' redrive roles send too, and nobody else, when redriveRoleArns names them", () => {
    // Prepare
    const oncall = 'arn:aws:iam::123456789012:role/platform-oncall';
    const withRedrive = synthesize(
      exampleConfig({ scanning: { mode: 'trivy-annotation' }, redriveRoleArns: [oncall] }),
    );
    const denyIn = (queue: { queue: unknown }) => {
      const ref = { Ref: logicalId((queue as { queue: never }).queue) };
      const policies = Object.values(withRedrive.serviceTemplate.findResources('AWS::SQS::QueuePolicy')) as {
        Properties: { Queues: unknown[]; PolicyDocument: { Statement: Record<string, unknown>[] } };
      }[];
      return policies
        .find((p) => JSON.stringify(p.Properties.Queues) === JSON.stringify([ref]))
        ?.Properties.PolicyDocument.Statement.find((st) => st.Sid === 'DenySendersButRulesAndHandOffs');
    };
    const queues = withRedrive.service.pipeline;

    // Act
    const finding = denyIn(queues.findingQueue);
    const signer = denyIn(queues.signerQueue);

    // Assess
    expect(finding).toMatchObject({
      Condition: {
        ArnNotEqualsIfExists: { 'aws:SourceArn': [expect.anything()] },
        ArnNotEquals: { 'aws:PrincipalArn': [oncall] },
      },
    });
    expect(denyIn(queues.imageActionQueue)).toMatchObject({
      Condition: { ArnNotEquals: { 'aws:PrincipalArn': [oncall] } },
    });
    const signerSenders = (signer?.Condition as { ArnNotEquals: { 'aws:PrincipalArn': unknown[] } })
      .ArnNotEquals['aws:PrincipalArn'];
    expect(signerSenders).toHaveLength(5);
    expect(signerSenders).toContain(oncall);
  });

  it('refuse a redrive role that is no IAM role ARN', () => {
    expect(() =>
      synthesize(exampleConfig({ redriveRoleArns: ['arn:aws:iam::123456789012:user/alice'] })),
    ).toThrow(/must be an IAM role ARN/);
  });

  it('refuse a hand-off binding on a queue that takes none', () => {
    expect(() => pipeline.findingQueue.bindHandOff(pipeline.reconciler)).toThrow(/accepts no hand-offs/);
  });
});
