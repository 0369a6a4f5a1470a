import { Match } from 'aws-cdk-lib/assertions';
import { parseDeploymentConfig } from '../../lib/config/load-deployment-config';
import { exampleConfig, logicalId, synthesize } from './support/synth';

describe('provisioned concurrency for the lookup function (lookupProvisionedConcurrency)', () => {
  it('is off by default: no alias, the API invokes the function itself', () => {
    const { serviceTemplate: template, service } = synthesize();
    const lookup = service.lookup;

    template.resourceCountIs('AWS::Lambda::Alias', 0);
    template.hasResourceProperties('AWS::ApiGatewayV2::Integration', {
      IntegrationUri: { 'Fn::GetAtt': [logicalId(lookup.function), 'Arn'] },
    });
  });

  it('keeps that many environments initialised behind an alias, which the lookup API invokes', () => {
    const app = synthesize(exampleConfig({ lookupProvisionedConcurrency: 3 }));
    const template = app.serviceTemplate;
    const alias = app.service.node.findChild('LookupApiLive');

    template.hasResourceProperties('AWS::Lambda::Alias', {
      Name: 'live',
      FunctionName: { Ref: logicalId(app.service.lookup.function) },
      FunctionVersion: { 'Fn::GetAtt': [Match.stringLikeRegexp('CurrentVersion'), 'Version'] },
      ProvisionedConcurrencyConfig: { ProvisionedConcurrentExecutions: 3 },
    });
    template.resourceCountIs('AWS::Lambda::Alias', 1);
    template.hasResourceProperties('AWS::ApiGatewayV2::Integration', {
      IntegrationUri: { Ref: logicalId(alias) },
    });
    // API Gateway may invoke the alias (and only for this account's API: CT.LAMBDA.PR.2).
    template.hasResourceProperties('AWS::Lambda::Permission', {
      Action: 'lambda:InvokeFunction',
      FunctionName: { Ref: logicalId(alias) },
      Principal: 'apigateway.amazonaws.com',
      SourceAccount: Match.anyValue(),
    });
    // The Control Tower checks run at synth and throw on any failure.
    expect(() => app.app.synth()).not.toThrow();
  });

  it('refuses a negative or fractional count at synth', () => {
    for (const bad of [-1, 1.5]) {
      expect(() => parseDeploymentConfig(exampleConfig({ lookupProvisionedConcurrency: bad }))).toThrow(
        /lookupProvisionedConcurrency/,
      );
    }
  });
});
