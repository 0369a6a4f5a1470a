import { Match } from 'aws-cdk-lib/assertions';
import { TRUSTSTORE_KEY as CLI_TRUSTSTORE_KEY } from '../../bin/cli/gatekeeper-trust';
import { TRUSTSTORE_KEY } from '../../lib/api/truststore-bucket';
import { exampleConfig, logicalId, propertiesOf, synthesize } from './support/synth';

const CERTIFICATE = 'arn:aws:acm:eu-west-1:123456789012:certificate/0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b';
const mtlsConfig = (mtls: Record<string, unknown>) =>
  exampleConfig({
    api: {
      auth: 'mtls',
      mtls: { domainName: 'image-trust.example.com', certificateArn: CERTIFICATE, ...mtls },
    },
  });

describe('mTLS without a truststoreUri: the stack makes the truststore bucket', () => {
  const app = synthesize(mtlsConfig({}));
  const template = app.serviceTemplate;
  const truststore = app.service.api.truststore!;

  it('is private, versioned, encrypted, retained, and refuses plain HTTP', () => {
    expect(propertiesOf(template, 'AWS::S3::Bucket', truststore.bucket)).toMatchObject({
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      VersioningConfiguration: { Status: 'Enabled' },
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
      },
    });
    template.hasResource('AWS::S3::Bucket', { DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: logicalId(truststore.bucket) },
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
  });

  it('outputs the bucket and the gatekeeper-trust command; no domain until the truststore version is pinned', () => {
    template.hasOutput('TruststoreBucket', { Value: { Ref: logicalId(truststore.bucket) } });
    template.hasOutput('GatekeeperTrustCommand', {
      Value: {
        'Fn::Join': [
          '',
          Match.arrayWith([
            Match.stringLikeRegexp(
              'gatekeeper-webhook-server-cert -o json \\| npx image-trust gatekeeper-trust --bucket ',
            ),
          ]),
        ],
      },
    });
    template.resourceCountIs('AWS::ApiGatewayV2::DomainName', 0);
    template.hasResourceProperties('AWS::ApiGatewayV2::Api', {
      Description: 'image-trust verdict lookup',
      DisableExecuteApiEndpoint: true,
    });
  });

  it('serves the custom domain from that bucket once the version is pinned, and outputs its DNS target', () => {
    const pinned = synthesize(mtlsConfig({ truststoreVersion: 'v-2' }));

    pinned.serviceTemplate.hasResourceProperties('AWS::ApiGatewayV2::DomainName', {
      DomainName: 'image-trust.example.com',
      MutualTlsAuthentication: {
        TruststoreUri: {
          'Fn::Join': [
            '',
            ['s3://', { Ref: logicalId(pinned.service.api.truststore!.bucket) }, `/${TRUSTSTORE_KEY}`],
          ],
        },
        TruststoreVersion: 'v-2',
      },
    });
    pinned.serviceTemplate.hasOutput('LookupApiDomainTarget', { Value: Match.anyValue() });
  });

  it('is where the CLI uploads', () => {
    expect(CLI_TRUSTSTORE_KEY).toBe(TRUSTSTORE_KEY);
  });
});

describe('mTLS with a truststoreUri of its own', () => {
  it('makes no bucket', () => {
    const app = synthesize(mtlsConfig({ truststoreUri: 's3://example-truststores/ca.pem' }));

    expect(app.service.api.truststore).toBeUndefined();
    app.serviceTemplate.resourceCountIs('AWS::S3::Bucket', 0);
  });
});
