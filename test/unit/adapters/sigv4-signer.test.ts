import { SignatureV4 } from '@smithy/signature-v4';
import { SigV4Signer } from '../../../functions/adapters/aws-http/sigv4-signer';
import type { AwsCredentials } from '../../../functions/adapters/aws-http/aws-json-client';
import { NodeSha256 } from '../../../functions/adapters/aws-http/node-sha256';

const CREDENTIALS = {
  accessKeyId: 'AKIDEXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
};
const HEADERS = { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': 'DynamoDB_20120810.GetItem' };
const BODY = '{"TableName":"t","Key":{"pk":{"S":"IMAGE#x"},"sk":{"S":"VERDICT"}},"ConsistentRead":true}';

/**
 * The headers @smithy/signature-v4 gives for the same POST described as the SDK describes it: checks what
 * SigV4Signer adds (the request built from a URL, the host not sent, the signer per credentials).
 */
async function sdkSigned(url: URL, region: string, credentials: AwsCredentials, at: Date) {
  const signer = new SignatureV4({
    service: 'dynamodb',
    region,
    credentials,
    sha256: NodeSha256,
    applyChecksum: false,
  });
  const query: Record<string, string> = {};
  url.searchParams.forEach((value, name) => (query[name] = value));
  const signed = await signer.sign(
    {
      method: 'POST',
      protocol: url.protocol,
      hostname: url.hostname,
      ...(url.port ? { port: Number(url.port) } : {}),
      path: url.pathname,
      query,
      headers: { ...HEADERS, host: url.host },
      body: BODY,
    },
    { signingDate: at },
  );
  return signed.headers;
}

describe('SigV4Signer', () => {
  it("signs AWS's published SigV4 test vector post-vanilla as AWS does", async () => {
    // Prepare: aws-sig-v4-test-suite/post-vanilla (POST / to example.amazonaws.com, no body, service
    // `service`, us-east-1, 2015-08-30T12:36:00Z), an answer that does not come from the SDK.
    const url = new URL('https://example.amazonaws.com/');

    // Act
    const headers = await new SigV4Signer('service', 'us-east-1').sign(
      { url, headers: {}, body: '' },
      CREDENTIALS,
      new Date('2015-08-30T12:36:00Z'),
    );

    // Assess
    expect(headers.authorization).toBe(
      'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, ' +
        'SignedHeaders=host;x-amz-date, ' +
        'Signature=5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b',
    );
  });

  it('signs a DynamoDB call with a session token exactly as the SDK signs it', async () => {
    // Prepare
    const url = new URL('https://dynamodb.eu-west-1.amazonaws.com/');
    const credentials = { ...CREDENTIALS, sessionToken: 'session/token+1=' };
    const at = new Date('2026-03-04T05:06:07.890Z');

    // Act
    const headers = await new SigV4Signer('dynamodb', 'eu-west-1').sign(
      { url, headers: HEADERS, body: BODY },
      credentials,
      at,
    );

    // Assess
    const expected = await sdkSigned(url, 'eu-west-1', credentials, at);
    expect(headers.authorization).toBe(expected.authorization);
    expect(headers['x-amz-date']).toBe('20260304T050607Z');
    expect(headers['x-amz-security-token']).toBe('session/token+1=');
    expect(headers.host).toBeUndefined();
  });

  it('signs for an endpoint with a port, a path and a query as the SDK does', async () => {
    // Prepare
    const url = new URL('http://127.0.0.1:4566/a%20b/c*d?z=1&a=x%20y');
    const at = new Date('2026-03-04T05:06:07Z');

    // Act
    const headers = await new SigV4Signer('dynamodb', 'us-east-1').sign(
      { url, headers: HEADERS, body: BODY },
      CREDENTIALS,
      at,
    );

    // Assess
    expect(headers.authorization).toBe((await sdkSigned(url, 'us-east-1', CREDENTIALS, at)).authorization);
    expect(headers['x-amz-security-token']).toBeUndefined();
  });

  it('derives its signing key again for a new day and for new credentials', async () => {
    // Prepare
    const url = new URL('https://dynamodb.us-east-1.amazonaws.com/');
    const signer = new SigV4Signer('dynamodb', 'us-east-1');
    const rotated = { ...CREDENTIALS, secretAccessKey: 'another-secret' };
    const monday = new Date('2026-03-02T23:59:59Z');
    const tuesday = new Date('2026-03-03T00:00:01Z');

    // Act
    const signatures = [
      (await signer.sign({ url, headers: HEADERS, body: BODY }, CREDENTIALS, monday)).authorization,
      (await signer.sign({ url, headers: HEADERS, body: BODY }, CREDENTIALS, tuesday)).authorization,
      (await signer.sign({ url, headers: HEADERS, body: BODY }, rotated, tuesday)).authorization,
    ];

    // Assess
    expect(signatures).toEqual([
      (await sdkSigned(url, 'us-east-1', CREDENTIALS, monday)).authorization,
      (await sdkSigned(url, 'us-east-1', CREDENTIALS, tuesday)).authorization,
      (await sdkSigned(url, 'us-east-1', rotated, tuesday)).authorization,
    ]);
  });
});
