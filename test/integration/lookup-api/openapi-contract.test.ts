import '../http/quiet-powertools';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { z } from 'zod';
import { DynamoDbPublicKeyStore } from '../../../functions/adapters/dynamodb/dynamodb-public-key-store';
import type { ApiDeps } from '../../../functions/lookup-api/api-deps';
import { buildOpenApi } from '../../../functions/lookup-api/openapi/build-openapi';
import { ROUTES } from '../../../functions/lookup-api/routes';
import type { AdmissionReviewAnswer } from '../../../functions/core/admission/admission-review';
import type { ProviderResponse } from '../../../functions/core/admission/answer-gatekeeper';
import type { VerdictAnswer } from '../../../functions/core/lookup/verdict-answer';
import { ThrottledError } from '../../../functions/core/errors';
import type {
  admissionReviewResponseSchema,
  providerResponseSchema,
} from '../../../functions/lookup-api/schemas/response-schemas';
import type { verdictAnswerSchema } from '../../../functions/lookup-api/schemas/verdict-answer-schema';
import { errorBodySchema } from '../../../functions/lookup-api/schemas/response-schemas';
import { shortFingerprint } from '../../../functions/core/signing/key-set';
import { MemoryPublicKeyStore, imageKey, refOf } from '../../unit/core/lookup/lookup-fixtures';
import { admissionReview, workload } from '../../unit/core/admission/workloads';
import { observed, passed } from '../../unit/core/verdict/verdict-events';
import type { EventOptions } from '../http/api-events';
import { dynamoClient, startApiFixture, type ApiFixture } from './api-fixture';
import { LOCAL_KEY_PEM } from './test-keys';

// What the schemas describe is what the core produces (checked by the compiler).
export const typeChecks = {
  answer: (a: z.output<typeof verdictAnswerSchema>): VerdictAnswer => a,
  provider: (a: z.output<typeof providerResponseSchema>): ProviderResponse => a,
  admission: (a: z.output<typeof admissionReviewResponseSchema>): AdmissionReviewAnswer => a,
};

const OPENAPI = resolve(__dirname, '../../../docs/openapi.json');

interface Scenario {
  readonly event: EventOptions;
  readonly deps?: Partial<ApiDeps>;
}

const throttledStore: ApiDeps['store'] = {
  get: () => Promise.reject(new ThrottledError('ProvisionedThroughputExceededException')),
  getMany: () => Promise.reject(new ThrottledError('ProvisionedThroughputExceededException')),
};
const throttledKeys: ApiDeps['publicKeys'] = {
  get: () => Promise.reject(new ThrottledError('slow')),
  list: () => Promise.reject(new ThrottledError('slow')),
};
const brokenClock = (): Date => {
  throw new TypeError('the clock is broken');
};

let api: ApiFixture;
let scenarios: Record<string, Scenario>;

beforeAll(async () => {
  api = await startApiFixture('openapi');
  await api.record(imageKey('1'), observed('p', 0), passed('e', 10));
  const missing = { client: dynamoClient(), tableName: 'no-such-table' };
  const { DynamoDbVerdictStore } =
    await import('../../../functions/adapters/dynamodb/dynamodb-verdict-store');
  const image = refOf(imageKey('1'));
  const get = (query: string): EventOptions => ({ path: '/v1/verdicts', query });
  const post = (path: string, body: unknown, extra: Partial<EventOptions> = {}): EventOptions => ({
    path,
    body: typeof body === 'string' ? body : JSON.stringify(body),
    ...extra,
  });
  const big = 'x'.repeat(1024 * 1024 + 1);
  const form = { headers: { 'content-type': 'text/plain' } };
  const providerRequest = {
    apiVersion: 'externaldata.gatekeeper.sh/v1beta1',
    kind: 'ProviderRequest',
    request: { keys: [image] },
  };
  const review = admissionReview('Pod', workload('Pod', { containers: [image] }));
  scenarios = {
    'getVerdict 200': { event: get(`image=${encodeURIComponent(image)}`) },
    'getVerdict 400': { event: get('image=nginx:latest') },
    'getVerdict 403': { event: { ...get(`image=${image}`), auth: 'none' } },
    'getVerdict 429': { event: get(`image=${encodeURIComponent(image)}`), deps: { store: throttledStore } },
    'getVerdict 503': {
      event: get(`image=${encodeURIComponent(image)}`),
      deps: { store: new DynamoDbVerdictStore(missing) },
    },
    'batchVerdicts 200': { event: post('/v1/verdicts:batch', { images: [image, 'nginx'] }) },
    'batchVerdicts 400': { event: post('/v1/verdicts:batch', { images: [] }) },
    'batchVerdicts 403': { event: { ...post('/v1/verdicts:batch', { images: [image] }), auth: 'none' } },
    'batchVerdicts 413': { event: post('/v1/verdicts:batch', big) },
    'batchVerdicts 415': { event: post('/v1/verdicts:batch', 'x', form) },
    'batchVerdicts 429': {
      event: post('/v1/verdicts:batch', { images: [image] }),
      deps: { store: throttledStore },
    },
    'batchVerdicts 503': {
      event: post('/v1/verdicts:batch', { images: [image] }),
      deps: { store: new DynamoDbVerdictStore(missing) },
    },
    'gatekeeperProvider 200': { event: post('/v1/gatekeeper/provider', providerRequest) },
    'gatekeeperProvider 400': { event: post('/v1/gatekeeper/provider', { kind: 'ProviderRequest' }) },
    'gatekeeperProvider 403': {
      event: { ...post('/v1/gatekeeper/provider', providerRequest), auth: 'none' },
    },
    'gatekeeperProvider 413': { event: post('/v1/gatekeeper/provider', big) },
    'gatekeeperProvider 415': { event: post('/v1/gatekeeper/provider', 'x', form) },
    'validateAdmission 200': { event: post('/v1/admission/validate', review) },
    'validateAdmission 400': { event: post('/v1/admission/validate', '{') },
    'validateAdmission 403': { event: { ...post('/v1/admission/validate', review), auth: 'none' } },
    'validateAdmission 413': { event: post('/v1/admission/validate', big) },
    'validateAdmission 415': { event: post('/v1/admission/validate', 'x', form) },
    'getPublicKey 200': { event: { path: '/v1/public-key' } },
    'getPublicKey 404': {
      event: { path: '/v1/public-key' },
      deps: { publicKeys: new MemoryPublicKeyStore() },
    },
    'getPublicKey 403': { event: { path: '/v1/public-key', auth: 'none' } },
    'getPublicKey 429': {
      event: { path: '/v1/public-key' },
      deps: {
        publicKeys: throttledKeys,
      },
    },
    'getPublicKey 503': {
      event: { path: '/v1/public-key' },
      deps: { publicKeys: new DynamoDbPublicKeyStore(missing) },
    },
    'listPublicKeys 200': { event: { path: '/v1/public-keys' } },
    'listPublicKeys 404': {
      event: { path: '/v1/public-keys' },
      deps: { publicKeys: new MemoryPublicKeyStore() },
    },
    'listPublicKeys 403': { event: { path: '/v1/public-keys', auth: 'none' } },
    'listPublicKeys 429': {
      event: { path: '/v1/public-keys' },
      deps: { publicKeys: throttledKeys },
    },
    'listPublicKeys 503': {
      event: { path: '/v1/public-keys' },
      deps: { publicKeys: new DynamoDbPublicKeyStore(missing) },
    },
    'health 200': { event: { path: '/healthz' } },
    'health 403': { event: { path: '/healthz', auth: 'none' } },
    'default 404': { event: { path: '/v2/verdicts' } },
    'default 405': { event: { method: 'PUT', path: '/v1/verdicts' } },
    'default 500': { event: get(`image=${encodeURIComponent(image)}`), deps: { now: brokenClock } },
  };
  await api.keyWriter.put('arn:aws:kms:us-east-1:123456789012:key/openapi', LOCAL_KEY_PEM);
  await api.keyWriter.putSet([
    {
      keyId: 'arn:aws:kms:us-east-1:123456789012:key/openapi',
      state: 'active',
      pem: LOCAL_KEY_PEM,
      fingerprint: shortFingerprint(LOCAL_KEY_PEM),
    },
  ]);
});

describe('the OpenAPI document', () => {
  it('is the one generated from the routes and their zod schemas', async () => {
    const committed: unknown = JSON.parse(readFileSync(OPENAPI, 'utf8'));

    expect(committed).toEqual(buildOpenApi());
  });

  it('documents exactly the statuses the handler answers (each has a scenario below)', () => {
    const documented = ROUTES.flatMap((r) => Object.keys(r.responses).map((s) => `${r.operationId} ${s}`));

    expect(
      Object.keys(scenarios)
        .filter((k) => !k.startsWith('default '))
        .sort(),
    ).toEqual(documented.sort());
  });

  it('describes every route the router answers, and no other', () => {
    const paths = buildOpenApi().paths as Record<string, Record<string, { operationId: string }>>;
    const documented = Object.entries(paths).flatMap(([path, ops]) =>
      Object.entries(ops).map(([method, op]) => `${method.toUpperCase()} ${path} ${op.operationId}`),
    );

    expect(documented.sort()).toEqual(ROUTES.map((r) => `${r.method} ${r.path} ${r.operationId}`).sort());
  });
});

describe('every documented response', () => {
  it.each(
    ROUTES.flatMap((r) =>
      Object.entries(r.responses).map(([status, spec]) => [`${r.operationId} ${status}`, spec] as const),
    ),
  )('%s matches its schema and content type', async (name, spec) => {
    const scenario = scenarios[name];
    if (scenario === undefined) throw new Error(`no scenario for ${name}`);

    const response = await api.call(scenario.event, scenario.deps);

    expect(`${name.split(' ')[0]} ${response.statusCode}`).toBe(name);
    expect(response.headers['content-type']).toBe(spec.contentType ?? 'application/json');
    const body: unknown =
      (spec.contentType ?? 'application/json') === 'application/json' ? response.json() : response.body;
    const result = spec.schema.safeParse(body);
    expect(result.success ? 'valid' : result.error.issues).toBe('valid');
  });

  it.each(['default 404', 'default 405', 'default 500'])('%s is an Error body', async (name) => {
    const scenario = scenarios[name];
    if (scenario === undefined) throw new Error(`no scenario for ${name}`);

    const response = await api.call(scenario.event, scenario.deps);

    expect(response.statusCode).toBe(Number(name.split(' ')[1]));
    expect(errorBodySchema.safeParse(response.json()).success).toBe(true);
  });

  it('reveals nothing of an unexpected failure', async () => {
    const scenario = scenarios['default 500'];
    const response = await api.call(scenario?.event ?? { path: '/' }, scenario?.deps);

    expect(response.body).not.toMatch(/clock|TypeError|stack/);
  });
});
