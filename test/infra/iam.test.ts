import { Match } from 'aws-cdk-lib/assertions';
import { ECR_ACTIONS } from '../../lib/pipeline/repository-access';
import { LOOKUP_ACTIONS, READ_WRITE_ACTIONS } from '../../lib/stateful/verdict-table';
import {
  actionsOf,
  logicalId,
  propertiesOf,
  roleStatements,
  synthesize,
  type Statement,
} from './support/synth';

// One synth for the whole file (cdk.json's example: basic scanning, key created, IAM auth).
const app = synthesize();
const template = app.serviceTemplate;
const { pipeline, lookup } = app.service;
const keyArn = { 'Fn::ImportValue': Match.stringLikeRegexp('SigningKey.*Arn') };
const tableArn = { 'Fn::ImportValue': Match.stringLikeRegexp('VerdictsTable.*Arn') };
const repositories = [
  'arn:aws:ecr:eu-west-1:123456789012:repository/team-a',
  'arn:aws:ecr:eu-west-1:123456789012:repository/team-a/*',
  'arn:aws:ecr:eu-west-1:123456789012:repository/platform/*',
  'arn:aws:ecr:eu-west-1:123456789012:repository/base-images',
  'arn:aws:ecr:eu-west-1:123456789012:repository/base-images/*',
];
const everyFunction = [...pipeline.functions.map((f) => f.fn), lookup];
const ecrWrite = ECR_ACTIONS.pushSignatures as readonly string[];

/** Asserts that the function's role policy has a statement like this one. */
function expectStatement(fn: (typeof everyFunction)[number], statement: Record<string, unknown>): void {
  template.hasResourceProperties('AWS::IAM::Policy', {
    Roles: [{ Ref: logicalId(fn.role) }],
    PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Allow', ...statement })]) },
  });
}

const statementsWith = (statements: Statement[], action: string) =>
  statements.filter((s) => actionsOf([s]).includes(action));

describe('IAM: least privilege per function', () => {
  it('lets only the signer call kms:Sign, and only on the signing key', () => {
    expectStatement(pipeline.signer, { Action: ['kms:Sign', 'kms:GetPublicKey'], Resource: keyArn });
    for (const fn of everyFunction.filter((f) => f !== pipeline.signer)) {
      // The lookup reads the key's public half to check verdict seals (issue 16); nothing else uses KMS.
      const expected = fn === lookup ? ['kms:GetPublicKey'] : [];
      expect(actionsOf(roleStatements(template, fn)).filter((a) => a.startsWith('kms:'))).toEqual(expected);
    }
    expectStatement(lookup, { Action: 'kms:GetPublicKey', Resource: keyArn });
    const signing = statementsWith(roleStatements(template, pipeline.signer), 'kms:Sign');
    expect(signing).toHaveLength(1);
    expect(actionsOf(roleStatements(template, pipeline.signer)).filter((a) => a.startsWith('kms:'))).toEqual([
      'kms:Sign',
      'kms:GetPublicKey',
    ]);
  });

  it('gives no role a wildcard action', () => {
    for (const fn of everyFunction) {
      expect(actionsOf(roleStatements(template, fn)).filter((a) => a.includes('*'))).toEqual([]);
    }
  });

  it('lets only the signer write to ECR, on the allowed repositories only', () => {
    expectStatement(pipeline.signer, {
      Action: [...ECR_ACTIONS.readScanFindings, ...ECR_ACTIONS.pull, ...ecrWrite],
      Resource: repositories,
    });
    for (const fn of everyFunction.filter((f) => f !== pipeline.signer)) {
      expect(actionsOf(roleStatements(template, fn)).filter((a) => ecrWrite.includes(a))).toEqual([]);
    }
  });

  it('gives the lookup role GetItem and BatchGetItem on the table, and PutItem of break-glass uses only', () => {
    expectStatement(lookup, { Action: LOOKUP_ACTIONS, Resource: tableArn });
    const statements = roleStatements(template, lookup);
    expectStatement(lookup, {
      Action: 'dynamodb:PutItem',
      Resource: tableArn,
      Condition: {
        'ForAllValues:StringEquals': {
          'dynamodb:LeadingKeys': ['BREAK_GLASS'],
          'dynamodb:Attributes': Match.arrayWith(['pk', 'sk', 'user', 'images', 'reason']),
        },
        StringEqualsIfExists: { 'dynamodb:ReturnValues': 'NONE' },
      },
    });
    expect(statementsWith(statements, 'dynamodb:PutItem')).toHaveLength(1);
    const other = statements.filter(
      (s) => !actionsOf([s]).every((a) => [...LOOKUP_ACTIONS, 'dynamodb:PutItem'].includes(a)),
    );
    // Besides the table: writing its own log group, X-Ray (active tracing) and reading the signing key's
    // public half (verdict seals). No ECR, SQS, no other KMS action.
    expect(actionsOf(other).sort()).toEqual([
      'kms:GetPublicKey',
      'logs:CreateLogStream',
      'logs:PutLogEvents',
      'xray:PutTelemetryRecords',
      'xray:PutTraceSegments',
    ]);
    expect(actionsOf(statements).filter((a) => a.startsWith('dynamodb:'))).toEqual([
      ...LOOKUP_ACTIONS,
      'dynamodb:PutItem',
    ]);
  });

  it('lets the pipeline functions read and write verdicts and query the status and review indexes', () => {
    for (const { fn } of pipeline.functions) {
      expectStatement(fn, { Action: READ_WRITE_ACTIONS, Resource: tableArn });
      expectStatement(fn, {
        Action: 'dynamodb:Query',
        Resource: [
          { 'Fn::Join': ['', [tableArn, '/index/byStatus']] },
          { 'Fn::Join': ['', [tableArn, '/index/byReview']] },
        ],
      });
      expect(actionsOf(roleStatements(template, fn))).not.toContain('dynamodb:Scan');
    }
  });

  it('gives image-action what a push needs: describe, start a scan, read the image, its own dead-letter queue', () => {
    expectStatement(pipeline.imageAction, {
      Action: [...ECR_ACTIONS.describeImages, ...ECR_ACTIONS.startScan, ...ECR_ACTIONS.pull],
      Resource: repositories,
    });
    expectStatement(pipeline.imageAction, { Action: 'ecr:GetAuthorizationToken', Resource: '*' });
    expectStatement(pipeline.imageAction, {
      Action: 'sqs:SendMessage',
      Resource: { 'Fn::GetAtt': [logicalId(pipeline.imageActionQueue.deadLetterQueue), 'Arn'] },
    });
  });

  it('gives the finding function the scan findings, its dead-letter queue and the signer queue (restores re-sign)', () => {
    expectStatement(pipeline.finding, { Action: 'ecr:DescribeImageScanFindings', Resource: repositories });
    const sends = statementsWith(roleStatements(template, pipeline.finding), 'sqs:SendMessage');
    expect(sends.map((s) => s.Resource)).toEqual([
      { 'Fn::GetAtt': [logicalId(pipeline.findingQueue.deadLetterQueue), 'Arn'] },
      { 'Fn::GetAtt': [logicalId(pipeline.signerQueue.queue), 'Arn'] },
    ]);
  });

  it('lets the reconciler list the allowed repositories and re-drive work to the signer queue instead of signing', () => {
    expectStatement(pipeline.reconciler, {
      Action: [
        ...ECR_ACTIONS.describeRepositories,
        ...ECR_ACTIONS.describeImages,
        ...ECR_ACTIONS.readScanFindings,
        ...ECR_ACTIONS.startScan,
      ],
      Resource: repositories,
    });
    expectStatement(pipeline.reconciler, {
      Action: 'sqs:SendMessage',
      Resource: { 'Fn::GetAtt': [logicalId(pipeline.signerQueue.queue), 'Arn'] },
    });
  });

  it('uses GetAuthorizationToken on * only in functions that talk to the registry API', () => {
    const withToken = everyFunction.filter((fn) =>
      actionsOf(roleStatements(template, fn)).includes('ecr:GetAuthorizationToken'),
    );
    expect(withToken).toEqual([pipeline.imageAction, pipeline.signer]);
  });

  it('attaches no managed policy to any function role', () => {
    for (const fn of everyFunction) {
      const role = propertiesOf(template, 'AWS::IAM::Role', fn.role);
      expect(role.ManagedPolicyArns).toBeUndefined();
      expect(role.Policies).toBeUndefined();
    }
  });
});
