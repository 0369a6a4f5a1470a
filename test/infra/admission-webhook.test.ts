import { Match } from 'aws-cdk-lib/assertions';
import { TABLE_NAME, WEBHOOK_CREDENTIAL_SECRET } from '../../functions/runtime/environment-names';
import { WEBHOOK_ROUTE_KEY } from '../../functions/admission-webhook/webhook-request-handler';
import {
  actionsOf,
  exampleConfig,
  logicalId,
  propertiesOf,
  roleStatements,
  synthesize,
} from './support/synth';

type RouteResource = { Properties: { AuthorizationType?: string; RouteKey: string; ApiId: { Ref: string } } };

describe('the admission webhook endpoint (cdk.json example)', () => {
  const app = synthesize();
  const template = app.serviceTemplate;
  const webhook = app.service.webhook!;
  const routes = () => Object.values(template.findResources('AWS::ApiGatewayV2::Route')) as RouteResource[];

  it('is an HTTP API of its own with one route, the only route without IAM in the stack', () => {
    const apiId = logicalId(webhook.api.api);
    const own = routes().filter((r) => r.Properties.ApiId.Ref === apiId);
    const open = routes().filter((r) => r.Properties.AuthorizationType !== 'AWS_IAM');

    expect(own.map((r) => [r.Properties.RouteKey, r.Properties.AuthorizationType])).toEqual([
      [WEBHOOK_ROUTE_KEY, 'NONE'],
    ]);
    expect(open).toEqual(own);
    expect(propertiesOf(template, 'AWS::ApiGatewayV2::Api', webhook.api.api)).toMatchObject({
      ProtocolType: 'HTTP',
    });
    expect(
      propertiesOf(template, 'AWS::ApiGatewayV2::Api', webhook.api.api).DisableExecuteApiEndpoint,
    ).not.toBe(true);
  });

  it("invokes its own function, not the lookup API's", () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Integration', {
      ApiId: { Ref: logicalId(webhook.api.api) },
      PayloadFormatVersion: '2.0',
      IntegrationUri: { 'Fn::GetAtt': [logicalId(webhook.function.function), 'Arn'] },
    });
  });

  it('is throttled by the configured rate and burst (default 50/100)', () => {
    expect(propertiesOf(template, 'AWS::ApiGatewayV2::Stage', webhook.api.stage)).toMatchObject({
      DefaultRouteSettings: { ThrottlingRateLimit: 50, ThrottlingBurstLimit: 100 },
    });
    const tuned = synthesize(
      exampleConfig({ api: { webhook: { throttle: { rateLimit: 7, burstLimit: 9 } } } }),
    );
    expect(
      propertiesOf(tuned.serviceTemplate, 'AWS::ApiGatewayV2::Stage', tuned.service.webhook!.api.stage),
    ).toMatchObject({ DefaultRouteSettings: { ThrottlingRateLimit: 7, ThrottlingBurstLimit: 9 } });
  });

  it('logs the route key and never the path (which holds the credential)', () => {
    const stage = propertiesOf(template, 'AWS::ApiGatewayV2::Stage', webhook.api.stage) as {
      AccessLogSettings: { Format: string };
    };
    const format = JSON.parse(stage.AccessLogSettings.Format) as Record<string, string>;

    expect(format.routeKey).toBe('$context.routeKey');
    expect(Object.values(format).filter((v) => /path|\$context\.http\.path/i.test(v))).toEqual([]);
  });

  it('generates the credential at deploy time into a secret, as {"current": 64 letters and digits}', () => {
    expect(propertiesOf(template, 'AWS::SecretsManager::Secret', webhook.credential.secret)).toMatchObject({
      GenerateSecretString: {
        SecretStringTemplate: '{}',
        GenerateStringKey: 'current',
        PasswordLength: 64,
        ExcludePunctuation: true,
        IncludeSpace: false,
      },
    });
  });

  it("lets its function read that secret, the table and the signing key's public half, and nothing else", () => {
    const statements = roleStatements(template, webhook.function);
    const secretRef = { Ref: logicalId(webhook.credential.secret) };

    expect(statements).toContainEqual(
      expect.objectContaining({
        Effect: 'Allow',
        Action: 'secretsmanager:GetSecretValue',
        Resource: secretRef,
      }),
    );
    expect(actionsOf(statements).filter((a) => a.startsWith('secretsmanager:'))).toEqual([
      'secretsmanager:GetSecretValue',
    ]);
    expect(
      actionsOf(statements).filter(
        (a) =>
          !/^(secretsmanager:GetSecretValue|dynamodb:(GetItem|BatchGetItem|Query)|kms:GetPublicKey|xray:|logs:)/.test(
            a,
          ),
      ),
    ).toEqual([]);
    // Verdict seals: kms:GetPublicKey on the signing key only, named in SEAL_KEY_IDS.
    const keyReads = statements.filter((s) => actionsOf([s]).includes('kms:GetPublicKey'));
    expect(keyReads.map((s) => s.Resource)).toEqual([
      { 'Fn::ImportValue': expect.stringMatching(/SigningKey.*Arn/) },
    ]);
    expect(actionsOf(keyReads)).toEqual(['kms:GetPublicKey']);
    const env = propertiesOf(template, 'AWS::Lambda::Function', webhook.function.function) as {
      Environment: { Variables: Record<string, unknown> };
    };
    expect(env.Environment.Variables[WEBHOOK_CREDENTIAL_SECRET]).toEqual(secretRef);
    expect(env.Environment.Variables[TABLE_NAME]).toBeDefined();
    expect(env.Environment.Variables.SEAL_KEY_IDS).toBeDefined();
  });

  it('keeps the secret away from the lookup and admin functions', () => {
    for (const fn of [app.service.lookup, app.service.admin]) {
      expect(actionsOf(roleStatements(template, fn)).filter((a) => a.startsWith('secretsmanager:'))).toEqual(
        [],
      );
    }
  });

  it('outputs the URL up to the credential, the secret ARN and the cluster-manifests command, not the credential', () => {
    template.hasOutput('AdmissionWebhookUrlPrefix', {
      Value: {
        'Fn::Join': [
          '',
          Match.arrayWith([{ Ref: logicalId(webhook.api.api) }, Match.stringLikeRegexp('/v1/admission/$')]),
        ],
      },
    });
    template.hasOutput('AdmissionWebhookSecretArn', { Value: { Ref: logicalId(webhook.credential.secret) } });
    template.hasOutput('ClusterManifestsCommand', {
      Value: {
        'Fn::Join': [
          '',
          Match.arrayWith([Match.stringLikeRegexp('^npx image-trust cluster-manifests --webhook-url ')]),
        ],
      },
    });
    const outputs = JSON.stringify(template.toJSON().Outputs);
    expect(outputs).not.toMatch(/resolve:secretsmanager|SecretString/);
  });
});

describe('the admission webhook endpoint, turned off', () => {
  it('makes no webhook API, function or secret', () => {
    const app = synthesize(exampleConfig({ api: { webhook: { enabled: false } } }));

    expect(app.service.webhook).toBeUndefined();
    app.serviceTemplate.resourceCountIs('AWS::SecretsManager::Secret', 0);
    expect(Object.keys(app.serviceTemplate.toJSON().Outputs as object)).not.toContain(
      'ClusterManifestsCommand',
    );
  });
});
