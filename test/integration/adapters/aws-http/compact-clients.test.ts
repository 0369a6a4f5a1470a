import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HttpBreakGlassLog } from '../../../../functions/adapters/dynamodb/http-break-glass-log';
import { HttpDynamoDb } from '../../../../functions/adapters/dynamodb/http-dynamodb';
import { HttpPublicKeyReader } from '../../../../functions/adapters/dynamodb/http-public-key-reader';
import { HttpVerdictReader } from '../../../../functions/adapters/dynamodb/http-verdict-reader';
import { createVerdictTable } from '../../../../functions/adapters/dynamodb/create-verdict-table';
import { DynamoDbBreakGlassLog } from '../../../../functions/adapters/dynamodb/dynamodb-break-glass-log';
import { DynamoDbPublicKeyStore } from '../../../../functions/adapters/dynamodb/dynamodb-public-key-store';
import { DynamoDbVerdictStore } from '../../../../functions/adapters/dynamodb/dynamodb-verdict-store';
import { DynamoDbCallCounter } from '../../../../functions/adapters/dynamodb/call-counter';
import { KmsSealKeys } from '../../../../functions/adapters/kms/kms-seal-keys';
import { ConflictError, ThrottledError, UpstreamError } from '../../../../functions/core/errors';
import { publicKeyFingerprint } from '../../../../functions/core/signing/public-key';
import type { VerdictKey } from '../../../../functions/core/verdict/verdict';
import { startKmsEmulator, type KmsEmulator } from '../../../emulators/kms';
import { sharedDynamoDbEndpoint } from '../../../harness/services';
import { TEST_SEAL_PEM } from '../../../support/test-seals';
import { dynamoClient } from '../../lookup-api/api-fixture';
import { imageKey } from '../../../unit/core/lookup/lookup-fixtures';
import { observed, passed, recordEvents } from '../../../unit/core/verdict/verdict-events';

const CREDENTIALS = { accessKeyId: 'AKIDTESTIMAGETRUST', secretAccessKey: 'test-secret' };
const TABLE = `compact-${process.pid}-${Date.now()}`;

const dynamo = (endpoint = sharedDynamoDbEndpoint(), requestTimeoutMs = 2000, calls?: DynamoDbCallCounter) =>
  new HttpDynamoDb({
    region: 'us-east-1',
    endpoint,
    credentials: CREDENTIALS,
    requestTimeoutMs,
    ...(calls === undefined ? {} : { onCall: calls.listener }),
  });

/** A stand-in AWS endpoint answering every request with `answer`, recording what it got. */
async function fakeEndpoint(answer: { status: number; body: string; delayMs?: number }) {
  const seen: { headers: IncomingHttpHeaders; body: string }[] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      seen.push({ headers: req.headers, body });
      setTimeout(() => {
        res.writeHead(answer.status, { 'content-type': 'application/x-amz-json-1.0' });
        res.end(answer.body);
      }, answer.delayMs ?? 0).unref();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    seen,
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

beforeAll(async () => {
  await createVerdictTable(dynamoClient(), TABLE);
});

describe('HttpDynamoDb and its readers, against DynamoDB Local', () => {
  it('reads a verdict with one GetItem and many with BatchGetItem in chunks of 100, as the SDK store does', async () => {
    const writer = new DynamoDbVerdictStore({ client: dynamoClient(), tableName: TABLE });
    const keys: VerdictKey[] = Array.from({ length: 150 }, (_, i) =>
      imageKey(i.toString(16).padStart(2, '0'), 'team/many'),
    );
    for (const key of keys.slice(0, 3)) await recordEvents(writer, key, observed('p', 0), passed('e', 10));
    const calls = new DynamoDbCallCounter();
    const reader = new HttpVerdictReader({ db: dynamo(undefined, 2000, calls), tableName: TABLE });

    const one = await reader.get(keys[0]!);
    const many = await reader.getMany(keys);

    expect(one).toEqual(await writer.get(keys[0]!));
    expect(many.filter((v) => v !== undefined).map((v) => v!.digest)).toEqual(
      keys.slice(0, 3).map((k) => k.digest),
    );
    expect(many[0]).toEqual(one);
    expect(calls.history().map((c) => c.operation)).toEqual(['GetItem', 'BatchGetItem', 'BatchGetItem']);
  });

  it('reads the keys DynamoDbPublicKeyStore published, and records break-glass uses that never overwrite', async () => {
    const keys = new DynamoDbPublicKeyStore({ client: dynamoClient(), tableName: TABLE });
    const pem = TEST_SEAL_PEM;
    await keys.put('arn:aws:kms:us-east-1:111122223333:key/k', pem);
    await keys.putSet([
      { keyId: 'k', state: 'active', pem, fingerprint: publicKeyFingerprint(pem).slice(0, 16) },
    ]);
    const db = dynamo();
    const use = {
      user: 'alice',
      namespace: 'payments',
      kind: 'Pod',
      name: 'web',
      operation: 'CREATE',
      images: [{ image: 'r/x@sha256:' + 'a'.repeat(64), status: 'REJECTED' }],
      reason: 'incident 42',
      at: '2025-03-02T00:00:00.000Z',
      uid: 'u-1',
    };

    expect(await new HttpPublicKeyReader(db, TABLE).get()).toEqual({
      keyId: 'arn:aws:kms:us-east-1:111122223333:key/k',
      pem,
    });
    expect((await new HttpPublicKeyReader(db, TABLE).list())?.map((k) => k.keyId)).toEqual(['k']);
    await new HttpBreakGlassLog(db, TABLE).record(use);
    await expect(new HttpBreakGlassLog(db, TABLE).record(use)).rejects.toBeInstanceOf(ConflictError);
    expect(await new DynamoDbBreakGlassLog({ client: dynamoClient(), tableName: TABLE }).list()).toEqual([
      use,
    ]);
  });
});

describe('AwsJsonClient errors, mapped as the SDK-based adapters map them', () => {
  const key = { pk: 'IMAGE#x', sk: 'VERDICT' };

  it('signs with SigV4 for the service and region, with the session token', async () => {
    const endpoint = await fakeEndpoint({ status: 200, body: '{}' });
    try {
      const db = new HttpDynamoDb({
        region: 'eu-west-1',
        endpoint: endpoint.url,
        credentials: { ...CREDENTIALS, sessionToken: 'session-token' },
        requestTimeoutMs: 1000,
      });

      await db.getItem('t', key, true, 'reading');

      const { headers, body } = endpoint.seen[0]!;
      expect(headers.authorization).toMatch(
        /^AWS4-HMAC-SHA256 Credential=AKIDTESTIMAGETRUST\/\d{8}\/eu-west-1\/dynamodb\/aws4_request, SignedHeaders=.*x-amz-target.*, Signature=[0-9a-f]{64}$/,
      );
      expect(headers['x-amz-security-token']).toBe('session-token');
      expect(headers['x-amz-target']).toBe('DynamoDB_20120810.GetItem');
      expect(JSON.parse(body)).toEqual({
        TableName: 't',
        Key: { pk: { S: 'IMAGE#x' }, sk: { S: 'VERDICT' } },
        ConsistentRead: true,
      });
    } finally {
      await endpoint.close();
    }
  });

  it('turns throttling into a ThrottledError after one retry', async () => {
    const endpoint = await fakeEndpoint({
      status: 400,
      body: '{"__type":"com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException","message":"slow down"}',
    });
    try {
      await expect(dynamo(endpoint.url).getItem('t', key, true, 'reading')).rejects.toBeInstanceOf(
        ThrottledError,
      );
      expect(endpoint.seen).toHaveLength(2);
    } finally {
      await endpoint.close();
    }
  });

  it('turns a 5xx into a retryable UpstreamError, and a client error into a final one', async () => {
    const failing = await fakeEndpoint({
      status: 500,
      body: '{"__type":"InternalServerError","message":"oops"}',
    });
    const refused = await fakeEndpoint({
      status: 400,
      body: '{"__type":"com.amazonaws.dynamodb.v20120810#ResourceNotFoundException","message":"no table"}',
    });
    try {
      const fault = await dynamo(failing.url)
        .getItem('t', key, true, 'reading')
        .catch((e: unknown) => e);
      const notFound = await dynamo(refused.url)
        .getItem('t', key, true, 'reading')
        .catch((e: unknown) => e);

      expect(fault).toBeInstanceOf(UpstreamError);
      expect(fault).toMatchObject({
        retryable: true,
        message: expect.stringMatching(/InternalServerError: oops/),
      });
      expect(notFound).toMatchObject({
        retryable: false,
        message: expect.stringMatching(/ResourceNotFoundException: no table/),
      });
      expect(refused.seen).toHaveLength(1);
    } finally {
      await Promise.all([failing.close(), refused.close()]);
    }
  });

  it('gives up on a slow or absent endpoint with a retryable UpstreamError', async () => {
    const slow = await fakeEndpoint({ status: 200, body: '{}', delayMs: 2000 });
    try {
      const started = performance.now();
      const timedOut = await dynamo(slow.url, 100)
        .getItem('t', key, true, 'reading')
        .catch((e: unknown) => e);
      const dead = await dynamo('http://127.0.0.1:9')
        .getItem('t', key, true, 'reading')
        .catch((e: unknown) => e);

      expect(timedOut).toMatchObject({ retryable: true, message: expect.stringMatching(/TimeoutError/) });
      expect(performance.now() - started).toBeLessThan(1500);
      expect(dead).toBeInstanceOf(UpstreamError);
      expect(dead).toMatchObject({ retryable: true, message: expect.stringMatching(/NetworkingError/) });
    } finally {
      await slow.close();
    }
  });
});

describe('KmsSealKeys, against the KMS emulator', () => {
  let kms: KmsEmulator;
  beforeAll(async () => {
    kms = await startKmsEmulator();
  });
  afterAll(() => kms.stop());
  const keysOf = (keyIds: string[]) =>
    new KmsSealKeys({
      keyIds,
      region: kms.region,
      endpoint: kms.endpoint,
      credentials: CREDENTIALS,
      requestTimeoutMs: 2000,
    });

  it('reads each key by ARN or alias with one GetPublicKey, by its 16-hex-digit fingerprint', async () => {
    const active = kms.createKey('seal-active');
    const verifying = kms.createKey('seal-verifying');
    const before = kms.calls.count('GetPublicKey');

    const keys = await keysOf([active.arn, 'alias/seal-verifying']).trustedKeys();

    expect([...keys.keys()].sort()).toEqual(
      [active.publicKeyPem, verifying.publicKeyPem]
        .map((pem) => publicKeyFingerprint(pem).slice(0, 16))
        .sort(),
    );
    expect(kms.calls.count('GetPublicKey') - before).toBe(2);
  });

  it('fails with a ThrottledError when KMS throttles, and an UpstreamError for a key that does not exist', async () => {
    const key = kms.createKey('seal-throttled');
    kms.faults.throttle({ rate: 1, operations: ['GetPublicKey'] });
    try {
      await expect(keysOf([key.arn]).trustedKeys()).rejects.toBeInstanceOf(ThrottledError);
    } finally {
      kms.faults.throttle({ rate: 0, operations: ['GetPublicKey'] });
    }
    const missing = await keysOf(['alias/no-such-key'])
      .trustedKeys()
      .catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(UpstreamError);
    expect(missing).toMatchObject({ message: expect.stringMatching(/NotFoundException/) });
  });
});
