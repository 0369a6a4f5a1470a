import { Match } from 'aws-cdk-lib/assertions';
import { exampleConfig, synthesize } from './support/synth';

describe('the stateful stack (cdk.json example: key created)', () => {
  const app = synthesize();
  const template = app.statefulTemplate;

  it('keeps verdicts in an on-demand table with PITR, deletion protection, TTL and KMS encryption, retained', () => {
    template.hasResource('AWS::DynamoDB::GlobalTable', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: Match.objectLike({
        BillingMode: 'PAY_PER_REQUEST',
        KeySchema: [
          { AttributeName: 'pk', KeyType: 'HASH' },
          { AttributeName: 'sk', KeyType: 'RANGE' },
        ],
        TimeToLiveSpecification: { AttributeName: 'ttl', Enabled: true },
        SSESpecification: { SSEEnabled: true, SSEType: 'KMS' },
        Replicas: [
          Match.objectLike({
            DeletionProtectionEnabled: true,
            PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
          }),
        ],
      }),
    });
  });

  it('indexes verdicts by status (gsi1pk, gsi1sk) and by next review (gsi2pk, gsi2sk) for the reconciler', () => {
    template.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      GlobalSecondaryIndexes: [
        {
          IndexName: 'byStatus',
          KeySchema: [
            { AttributeName: 'gsi1pk', KeyType: 'HASH' },
            { AttributeName: 'gsi1sk', KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'ALL' },
        },
        {
          IndexName: 'byReview',
          KeySchema: [
            { AttributeName: 'gsi2pk', KeyType: 'HASH' },
            { AttributeName: 'gsi2sk', KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'ALL' },
        },
      ],
    });
  });

  it('creates an ECC_NIST_P256 SIGN_VERIFY key with its alias, retained on delete', () => {
    template.hasResource('AWS::KMS::Key', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({
        KeySpec: 'ECC_NIST_P256',
        KeyUsage: 'SIGN_VERIFY',
        PendingWindowInDays: 30,
      }),
    });
    template.hasResourceProperties('AWS::KMS::Alias', { AliasName: 'alias/image-trust' });
  });

  it('outputs the table name and the key ARN', () => {
    template.hasOutput('TableName', { Value: { Ref: Match.stringLikeRegexp('VerdictsTable') } });
    template.hasOutput('SigningKeyId', {
      Value: { 'Fn::GetAtt': [Match.stringLikeRegexp('SigningKey'), 'Arn'] },
    });
  });

  it('gives the signer its key ARN as KEY_ID', () => {
    app.serviceTemplate.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: Match.objectLike({ KEY_ID: { 'Fn::ImportValue': Match.stringLikeRegexp('SigningKey') } }),
      },
    });
  });
});

describe('a signing key imported', () => {
  const keyArn = 'arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';

  it('by ARN: no key is created, and kms:Sign is granted on that ARN', () => {
    const app = synthesize(exampleConfig({ key: { mode: 'import', keyArn } }));
    expect(app.statefulTemplate.findResources('AWS::KMS::Key')).toEqual({});
    app.serviceTemplate.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Action: ['kms:Sign', 'kms:GetPublicKey'], Resource: keyArn }),
        ]),
      },
    });
  });

  it('by alias: kms:Sign only on the key that carries the alias, which is the KEY_ID', () => {
    const app = synthesize(exampleConfig({ key: { mode: 'import', alias: 'alias/platform-signing' } }));
    expect(app.statefulTemplate.findResources('AWS::KMS::Key')).toEqual({});
    app.serviceTemplate.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Action: ['kms:Sign', 'kms:GetPublicKey'],
            Resource: {
              'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':kms:eu-west-1:123456789012:key/*']],
            },
            Condition: { 'ForAnyValue:StringEquals': { 'kms:ResourceAliases': 'alias/platform-signing' } },
          }),
        ]),
      },
    });
    app.serviceTemplate.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ KEY_ID: 'alias/platform-signing' }) },
    });
  });
});
