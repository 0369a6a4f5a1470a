import '../http/quiet-powertools';
import type { VerdictAnswer } from '../../../functions/core/lookup/verdict-answer';
import { LOCAL_KEY_PEM } from './test-keys';
import { imageKey, refOf, REGISTRY } from '../../unit/core/lookup/lookup-fixtures';
import { failed, observed, passed, revoked } from '../../unit/core/verdict/verdict-events';
import { dynamoClient, startApiFixture, type ApiFixture } from './api-fixture';
import { DynamoDbVerdictStore } from '../../../functions/adapters/dynamodb/dynamodb-verdict-store';
import { deadEndpoint } from './dead-endpoint';

let api: ApiFixture;

beforeAll(async () => {
  api = await startApiFixture('verdicts');
  await api.record(imageKey('1'), observed('p1', 0, ['v1']), passed('e1', 10));
  await api.record(imageKey('2'), observed('p2', 0), failed('e2', 10, ['CVE-2024-3094']));
  await api.record(imageKey('3'), observed('p3', 0), passed('e3', 10), revoked('r3', 20, 'CVE-2025-0001'));
  await api.record(imageKey('4'), observed('p4', 0));
});

beforeEach(() => api.calls.reset());

const get = (image: string) =>
  api.call({ path: '/v1/verdicts', query: `image=${encodeURIComponent(image)}` });

describe('GET /v1/verdicts', () => {
  it('allows a verified digest with one DynamoDB read', async () => {
    const response = await get(refOf(imageKey('1')));

    expect(response.statusCode).toBe(200);
    expect(response.headers['cache-control']).toBe('no-store');
    expect(response.json<VerdictAnswer>()).toMatchObject({
      image: refOf(imageKey('1')),
      allowed: true,
      status: 'VERIFIED',
      policyVersion: 'policy-e1',
    });
    expect(api.calls.snapshot()).toEqual({ 'GetItem ok': 1 });
  });

  it.each([
    ['2', 'REJECTED', 'CRITICAL_FINDINGS'],
    ['3', 'REVOKED', 'CVE_PUBLISHED'],
    ['4', 'PENDING', 'PENDING'],
    ['5', 'UNKNOWN', 'NO_VERDICT'],
  ])('denies digest %s as %s with reason %s', async (hex, status, code) => {
    const response = await get(refOf(imageKey(hex)));

    expect(response.statusCode).toBe(200);
    const answer = response.json<VerdictAnswer>();
    expect(answer).toMatchObject({ allowed: false, status });
    expect(answer.reasons.map((r) => r.code)).toEqual([code]);
    expect(response.body).not.toContain('latestEvents');
  });

  it('refuses a tag-only reference with 400, saying a digest is required and how to find it', async () => {
    const response = await get(`${REGISTRY}/team/app:v1`);

    expect(response.statusCode).toBe(400);
    expect(response.json()).toEqual({
      error: {
        code: 'INVALID_INPUT',
        message: expect.stringMatching(
          /has no digest: a digest \(@sha256:\.\.\.\) is required; find it with `image-trust resolve .*team\/app:v1`/,
        ),
        retryable: false,
        requestId: expect.any(String),
      },
    });
    expect(api.calls.reads).toBe(0);
  });

  it('refuses a request without an image, or with two', async () => {
    const none = await api.call({ path: '/v1/verdicts' });
    const two = await api.call({ path: '/v1/verdicts', query: 'image=a&image=b' });

    expect(none.statusCode).toBe(400);
    expect(none.body).toMatch(/query parameter 'image' is required/);
    expect(two.statusCode).toBe(400);
    expect(two.body).toMatch(/POST \/v1\/verdicts:batch/);
  });

  it('denies a registry outside the allowlist without a read', async () => {
    const response = await get(`docker.io/library/nginx@sha256:${'e'.repeat(64)}`);

    expect(response.json<VerdictAnswer>()).toMatchObject({ allowed: false, checks: { allowlist: 'fail' } });
    expect(api.calls.reads).toBe(0);
  });

  it('answers 503 when the table is missing (fail closed), naming neither the table nor the SDK error', async () => {
    const store = new DynamoDbVerdictStore({ client: dynamoClient(), tableName: 'no-such-table' });

    const response = await api.call(
      { path: '/v1/verdicts', query: `image=${encodeURIComponent(refOf(imageKey('1')))}` },
      { store },
    );

    expect(response.statusCode).toBe(503);
    expect(response.json()).toMatchObject({
      error: { code: 'UPSTREAM', retryable: false, requestId: expect.any(String) },
    });
    expect(response.headers['retry-after']).toBe('30');
    expect(response.body).not.toMatch(/ResourceNotFound|no-such-table|127\.0\.0\.1|arn:|\bat \S+:\d+/);
  });

  it('answers 503 with Retry-After when DynamoDB cannot be reached', async () => {
    const dead = dynamoClient(await deadEndpoint(), 1);
    const store = new DynamoDbVerdictStore({ client: dead, tableName: api.tableName });

    const response = await api.call(
      { path: '/v1/verdicts', query: `image=${encodeURIComponent(refOf(imageKey('1')))}` },
      { store },
    );

    expect(response.statusCode).toBe(503);
    expect(response.headers['retry-after']).toBe('1');
    expect(response.json()).toMatchObject({
      error: { code: 'UPSTREAM', retryable: true, requestId: expect.any(String) },
    });
    expect(response.body).not.toMatch(/ECONNREFUSED|127\.0\.0\.1|localhost|Error:/);
  });
});

describe('POST /v1/verdicts:batch', () => {
  it('answers each reference in order with one BatchGetItem, and invalid ones with an error', async () => {
    const images = [
      refOf(imageKey('1')),
      refOf(imageKey('2')),
      refOf(imageKey('1')),
      `${REGISTRY}/team/app:v1`,
    ];

    const response = await api.call({ path: '/v1/verdicts:batch', body: JSON.stringify({ images }) });

    expect(response.statusCode).toBe(200);
    const { results } = response.json<{
      results: { input: string; answer?: VerdictAnswer; error?: unknown }[];
    }>();
    expect(results.map((r) => [r.input, r.answer?.status ?? 'error'])).toEqual([
      [images[0], 'VERIFIED'],
      [images[1], 'REJECTED'],
      [images[2], 'VERIFIED'],
      [images[3], 'error'],
    ]);
    expect(results[3]?.error).toEqual({ code: 'INVALID_INPUT', message: expect.stringMatching(/no digest/) });
    expect(api.calls.snapshot()).toEqual({ 'BatchGetItem ok': 1 });
    expect(api.calls.history()[0]?.items).toBe(2);
  });

  it('reads a base64-encoded body', async () => {
    const body = Buffer.from(JSON.stringify({ images: [refOf(imageKey('1'))] })).toString('base64');

    const response = await api.call({ path: '/v1/verdicts:batch', body, isBase64Encoded: true });

    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('"VERIFIED"');
  });

  it('refuses more than 100 references', async () => {
    const images = Array.from({ length: 101 }, () => refOf(imageKey('1')));

    const response = await api.call({ path: '/v1/verdicts:batch', body: JSON.stringify({ images }) });

    expect(response.statusCode).toBe(400);
    expect(response.body).toMatch(/images.*at most 100/);
  });
});

describe('GET /v1/public-key and /healthz', () => {
  it('answers 404 until a key is published, then the PEM with its key id', async () => {
    const before = await api.call({ path: '/v1/public-key' });
    await api.keyWriter.put('arn:aws:kms:us-east-1:123456789012:key/test', LOCAL_KEY_PEM);
    const after = await api.call({ path: '/v1/public-key' });

    expect(before.statusCode).toBe(404);
    expect(before.json()).toMatchObject({
      error: { code: 'NOT_FOUND', message: expect.stringMatching(/no signing key/) },
    });
    expect(after.statusCode).toBe(200);
    expect(after.headers['content-type']).toBe('application/x-pem-file');
    expect(after.headers['x-image-trust-key-id']).toBe('arn:aws:kms:us-east-1:123456789012:key/test');
    expect(after.body).toBe(LOCAL_KEY_PEM);
  });

  it('answers the health check without touching the store', async () => {
    const response = await api.call({ path: '/healthz' });

    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: 'ok' });
    expect(api.calls.history()).toEqual([]);
  });
});
