import { Match } from 'aws-cdk-lib/assertions';
import { exampleConfig, logicalId, synthesize } from './support/synth';

describe('lookup API with IAM authentication (cdk.json example)', () => {
  const app = synthesize();
  const template = app.serviceTemplate;

  it('is an HTTP API whose every route needs AWS_IAM (the webhook endpoint has an API of its own)', () => {
    const webhookApi = logicalId(app.service.webhook!.api.api);
    const routes = (
      Object.values(template.findResources('AWS::ApiGatewayV2::Route')) as {
        Properties: { AuthorizationType?: string; RouteKey: string; ApiId: { Ref: string } };
      }[]
    ).filter((r) => r.Properties.ApiId.Ref !== webhookApi);
    expect(routes.length).toBeGreaterThan(0);
    expect(routes.map((r) => [r.Properties.RouteKey, r.Properties.AuthorizationType])).toEqual(
      routes.map((r) => [r.Properties.RouteKey, 'AWS_IAM']),
    );
    template.hasResourceProperties('AWS::ApiGatewayV2::Api', {
      ProtocolType: 'HTTP',
      DisableExecuteApiEndpoint: false,
    });
  });

  it('invokes the lookup function with payload v2', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Integration', {
      IntegrationType: 'AWS_PROXY',
      PayloadFormatVersion: '2.0',
      IntegrationUri: { 'Fn::GetAtt': [logicalId(app.service.lookup.function), 'Arn'] },
    });
  });

  it('throttles the stage and writes JSON access logs', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      DefaultRouteSettings: { ThrottlingRateLimit: 100, ThrottlingBurstLimit: 200 },
      AccessLogSettings: {
        DestinationArn: Match.anyValue(),
        Format: Match.stringLikeRegexp('"requestId":"\\$context.requestId"'),
      },
    });
  });

  it('outputs its URL, the ARN callers need execute-api:Invoke on, and how to fetch the public key', () => {
    template.hasOutput('LookupApiUrl', { Value: Match.anyValue() });
    template.hasOutput('LookupApiInvokeArn', {
      Value: {
        'Fn::Join': [
          '',
          Match.arrayWith([
            Match.stringLikeRegexp(':execute-api:'),
            { Ref: logicalId(app.service.api.api) },
            '/*/*/*',
          ]),
        ],
      },
    });
    template.hasOutput('PublicKeyCommand', {
      Value: { 'Fn::Join': ['', Match.arrayWith([Match.stringLikeRegexp('aws kms get-public-key')])] },
    });
  });
});

describe('lookup API with mutual TLS', () => {
  const mtls = {
    truststoreUri: 's3://example-truststores/image-trust/ca.pem',
    truststoreVersion: 'v3',
    domainName: 'image-trust.example.com',
    certificateArn: 'arn:aws:acm:eu-west-1:123456789012:certificate/0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b',
  };
  const subjects = ['CN=gatekeeper-webhook-service.gatekeeper-system.svc', 'CN=gatekeeper,O=platform'];
  const app = synthesize(
    exampleConfig({ api: { auth: 'mtls', mtls: { ...mtls, allowedClientSubjects: subjects } } }),
  );
  const template = app.serviceTemplate;
  const lookupEnvironment = (t: typeof template) =>
    t.findResources('AWS::Lambda::Function', {
      Properties: { Description: Match.stringLikeRegexp('lookups') },
    }) as Record<string, { Properties: { Environment: { Variables: Record<string, string> } } }>;

  it('names the accepted client certificate subjects to the function; none configured refuses all', () => {
    const [fn] = Object.values(lookupEnvironment(template));
    expect(JSON.parse(fn?.Properties.Environment.Variables.MTLS_ALLOWED_SUBJECTS ?? 'null')).toEqual(
      subjects,
    );
    const none = synthesize(exampleConfig({ api: { auth: 'mtls', mtls } }));
    const [noneFn] = Object.values(lookupEnvironment(none.serviceTemplate));
    expect(noneFn?.Properties.Environment.Variables.MTLS_ALLOWED_SUBJECTS).toBe('[]');
  });

  it('suppresses CT.APIGATEWAY.PR.5 on the route only, with its reason (authorised by the client certificate)', () => {
    const routes = Object.values(template.findResources('AWS::ApiGatewayV2::Route'));
    const lookupRoute = routes.find((r) =>
      JSON.stringify(r).includes('api_gw_v2_authorization_type_configured_check'),
    );
    expect(lookupRoute).toMatchObject({
      Properties: { RouteKey: '$default', AuthorizationType: 'NONE' },
      Metadata: {
        guard: {
          Reasons: {
            api_gw_v2_authorization_type_configured_check: expect.stringMatching(
              /^CT\.APIGATEWAY\.PR\.5: .*client certificates/,
            ),
          },
        },
      },
    });
  });

  it('serves a custom domain that requires client certificates from the truststore', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::DomainName', {
      DomainName: 'image-trust.example.com',
      DomainNameConfigurations: [
        Match.objectLike({ CertificateArn: mtls.certificateArn, SecurityPolicy: 'TLS_1_2' }),
      ],
      MutualTlsAuthentication: { TruststoreUri: mtls.truststoreUri, TruststoreVersion: 'v3' },
    });
    template.hasResourceProperties('AWS::ApiGatewayV2::ApiMapping', {
      DomainName: Match.anyValue(),
      Stage: '$default',
    });
  });

  it('disables the execute-api endpoint, so no request bypasses the client certificate', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Api', { DisableExecuteApiEndpoint: true });
    template.hasOutput('LookupApiUrl', { Value: 'https://image-trust.example.com/' });
    template.hasOutput('LookupApiDomainTarget', { Value: Match.anyValue() });
  });
});
