import { SignatureV4 } from '@smithy/signature-v4';
import { isLoopbackHost, NodeSha256, sigV4Signer, signingRegion } from '../../../bin/cli/sigv4';
import { UsageError } from '../../../bin/cli/exit-codes';

const EXAMPLE_CREDENTIALS = {
  accessKeyId: 'AKIDEXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
};

describe('SigV4 signing', () => {
  it('signs the AWS test suite request get-vanilla exactly, with the node:crypto SHA-256', async () => {
    // Prepare
    const signer = new SignatureV4({
      service: 'service',
      region: 'us-east-1',
      credentials: EXAMPLE_CREDENTIALS,
      sha256: NodeSha256,
      applyChecksum: false,
    });

    // Act
    const signed = await signer.sign(
      {
        method: 'GET',
        protocol: 'https:',
        hostname: 'example.amazonaws.com',
        path: '/',
        query: {},
        headers: { host: 'example.amazonaws.com' },
      },
      { signingDate: new Date('2015-08-30T12:36:00Z') },
    );

    // Assess
    expect(signed.headers.authorization).toBe(
      'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, ' +
        'SignedHeaders=host;x-amz-date, Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31',
    );
  });

  it('signs an API request for execute-api with the query and body, and leaves host to fetch', async () => {
    // Prepare
    const sign = sigV4Signer('eu-west-1', EXAMPLE_CREDENTIALS);
    const url = new URL('https://abc123.execute-api.eu-west-1.amazonaws.com/prod/v1/verdicts?image=a%40b');

    // Act
    const headers = await sign({
      method: 'POST',
      url,
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });

    // Assess
    expect(headers.authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/\d{8}\/eu-west-1\/execute-api\/aws4_request, SignedHeaders=content-type;host;x-amz-date, Signature=[0-9a-f]{64}$/,
    );
    expect(headers['x-amz-date']).toMatch(/^\d{8}T\d{6}Z$/);
    expect(headers['content-type']).toBe('application/json');
    expect(headers.host).toBeUndefined();
  });

  it('adds the session token of temporary credentials', async () => {
    // Prepare
    const sign = sigV4Signer('us-east-1', { ...EXAMPLE_CREDENTIALS, sessionToken: 'token-1' });

    // Act
    const headers = await sign({
      method: 'GET',
      url: new URL('https://api.example.com/healthz'),
      headers: {},
    });

    // Assess
    expect(headers['x-amz-security-token']).toBe('token-1');
  });

  it.each([
    ['127.0.0.1', true],
    ['127.3.4.5', true],
    ['localhost', true],
    ['[::1]', true],
    ['abc.execute-api.us-east-1.amazonaws.com', false],
    ['10.0.0.1', false],
    ['127.example.com', false],
  ])('calls %s loopback: %s', (host, loopback) => {
    // Act
    const found = isLoopbackHost(host);

    // Assess
    expect(found).toBe(loopback);
  });

  it('reads the region from --region, then the API Gateway host, then the environment', () => {
    // Prepare
    const gateway = new URL('https://abc.execute-api.ap-southeast-2.amazonaws.com/');
    const custom = new URL('https://image-trust.example.com/');

    // Act
    const regions = [
      signingRegion(gateway, 'us-west-2', {}),
      signingRegion(gateway, undefined, { AWS_REGION: 'us-east-1' }),
      signingRegion(custom, undefined, { AWS_DEFAULT_REGION: 'eu-central-1' }),
    ];

    // Assess
    expect(regions).toEqual(['us-west-2', 'ap-southeast-2', 'eu-central-1']);
    expect(() => signingRegion(custom, undefined, {})).toThrow(UsageError);
  });
});
