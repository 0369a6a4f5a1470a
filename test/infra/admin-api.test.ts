import { Match } from 'aws-cdk-lib/assertions';
import { actionsOf, exampleConfig, logicalId, roleStatements, synthesize } from './support/synth';

describe('admin API (revoke, re-evaluate)', () => {
  const mtls = {
    domainName: 'image-trust.internal.example.com',
    certificateArn: 'arn:aws:acm:eu-west-1:123456789012:certificate/11111111-2222-3333-4444-555555555555',
    truststoreUri: 's3://example-truststore/image-trust/ca.pem',
  };
  const app = synthesize(exampleConfig({ api: { auth: 'mtls', mtls } }));
  const iamApp = synthesize();
  const template = iamApp.serviceTemplate;

  it('routes only POST revoke and re-evaluate, each with AWS_IAM, even when the lookup API uses mTLS', () => {
    for (const t of [template, app.serviceTemplate]) {
      for (const routeKey of ['POST /v1/admin/revoke', 'POST /v1/admin/reevaluate']) {
        t.hasResourceProperties('AWS::ApiGatewayV2::Route', {
          RouteKey: routeKey,
          AuthorizationType: 'AWS_IAM',
        });
      }
    }
  });

  it('gives the admin function table read/write and sending to the signer queue, and no KMS or ECR', () => {
    const actions = actionsOf(roleStatements(template, iamApp.service.admin));
    expect(actions).toEqual(
      expect.arrayContaining(['dynamodb:PutItem', 'dynamodb:GetItem', 'sqs:SendMessage']),
    );
    expect(actions.filter((a) => a.startsWith('kms:') || a.startsWith('ecr:'))).toEqual([]);
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: Match.objectLike({ SIGNER_QUEUE_URL: Match.anyValue(), TABLE_NAME: Match.anyValue() }),
      },
      Handler: Match.anyValue(),
    });
    template.hasOutput('AdminApiUrl', { Value: Match.anyValue() });
    expect(logicalId(iamApp.service.admin.function)).toMatch(/Admin/);
  });

  it('alarms on errors of the admin function as on the others', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'Errors',
      Namespace: 'AWS/Lambda',
      Dimensions: [{ Name: 'FunctionName', Value: { Ref: logicalId(iamApp.service.admin.function) } }],
    });
  });
});
