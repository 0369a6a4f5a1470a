import '../http/quiet-powertools';
import { apiDepsFromEnv } from '../../../functions/lookup-api/api-deps';
import { createApiHandler, handler } from '../../../functions/lookup-api/handler';
import { createVerdictTable } from '../../../functions/adapters/dynamodb/create-verdict-table';
import { DynamoDbVerdictStore } from '../../../functions/adapters/dynamodb/dynamodb-verdict-store';
import { recordVerdict } from '../../../functions/core/verdict/record-verdict';
import { InvalidInputError } from '../../../functions/core/errors';
import { sharedDynamoDbEndpoint } from '../../harness/services';
import { imageKey, refOf } from '../../unit/core/lookup/lookup-fixtures';
import { observed, passed } from '../../unit/core/verdict/verdict-events';
import { apiEvent, lambdaContext } from '../http/api-events';
import { dynamoClient } from './api-fixture';
import { startKmsEmulator, type KmsEmulator } from '../../emulators/kms';
import { sealWithKms } from '../../support/kms-sealed';

const TABLE = `api-env-${process.pid}-${Date.now()}`;
const CONFIG = JSON.stringify({
  allowlist: { registries: [{ accountId: '123456789012', region: 'us-east-1' }], repositories: ['team/**'] },
  policy: { version: '2025-01-01' },
});

let kms: KmsEmulator;
/** GetPublicKey calls before the handler's first request (sealing the items made some). */
let keyReadsBefore = 0;

beforeAll(async () => {
  const client = dynamoClient();
  await createVerdictTable(client, TABLE);
  const writer = new DynamoDbVerdictStore({ client, tableName: TABLE });
  await recordVerdict(writer, imageKey('1'), observed('p', 0));
  const verified = (await recordVerdict(writer, imageKey('1'), passed('e', 10))).verdict;
  kms = await startKmsEmulator();
  const key = kms.createKey('lookup-env');
  const stranger = kms.createKey('stranger');
  await sealWithKms(writer, verified, kms, key.arn);
  const other = (await recordVerdict(writer, imageKey('2'), passed('e', 10))).verdict;
  await sealWithKms(writer, other, kms, stranger.arn);
  process.env.TABLE_NAME = TABLE;
  process.env.IMAGE_TRUST_CONFIG = CONFIG;
  process.env.AWS_ENDPOINT_URL_DYNAMODB = sharedDynamoDbEndpoint();
  process.env.AWS_ENDPOINT_URL_KMS = kms.endpoint;
  process.env.SEAL_KEY_IDS = JSON.stringify([key.arn]);
  keyReadsBefore = kms.calls.count('GetPublicKey');
});

afterAll(async () => {
  for (const name of ['TABLE_NAME', 'IMAGE_TRUST_CONFIG', 'SEAL_KEY_IDS']) delete process.env[name];
  for (const name of ['AWS_ENDPOINT_URL_DYNAMODB', 'AWS_ENDPOINT_URL_KMS']) delete process.env[name];
  await kms.stop();
});

describe('the deployed handler', () => {
  it('builds its dependencies from TABLE_NAME and IMAGE_TRUST_CONFIG and answers', async () => {
    const event = apiEvent({
      path: '/v1/verdicts',
      query: `image=${encodeURIComponent(refOf(imageKey('1')))}`,
    });

    const result = await handler(event, lambdaContext);

    expect(result.statusCode).toBe(200);
    expect(JSON.parse(result.body)).toMatchObject({ allowed: true, status: 'VERIFIED' });
    expect(kms.calls.count('GetPublicKey') - keyReadsBefore).toBe(1);
  });

  it('checks seals with the keys SEAL_KEY_IDS names, read from KMS once per container', async () => {
    const event = apiEvent({
      path: '/v1/verdicts',
      query: `image=${encodeURIComponent(refOf(imageKey('2')))}`,
    });

    const result = await handler(event, lambdaContext);

    expect(JSON.parse(result.body)).toMatchObject({
      allowed: false,
      reasons: [{ code: 'VERDICT_TAMPERED', message: expect.stringMatching(/does not trust/) }],
    });
    expect(kms.calls.count('GetPublicKey') - keyReadsBefore).toBe(1);
  });

  it('answers 500 without details when it is not configured (called without a Lambda context, as locally)', async () => {
    const broken = createApiHandler(() => apiDepsFromEnv({ IMAGE_TRUST_CONFIG: CONFIG }));

    const result = await broken(apiEvent({ path: '/healthz' }));

    expect(result.statusCode).toBe(500);
    expect(JSON.parse(result.body)).toMatchObject({ error: { code: 'INTERNAL' } });
    expect(result.body).not.toContain('TABLE_NAME');
  });
});

describe('apiDepsFromEnv', () => {
  it('refuses a missing table name and a lookup timeout out of range', () => {
    expect(() => apiDepsFromEnv({ IMAGE_TRUST_CONFIG: CONFIG })).toThrow(/TABLE_NAME is not set/);
    expect(() =>
      apiDepsFromEnv({ TABLE_NAME: 't', IMAGE_TRUST_CONFIG: CONFIG, LOOKUP_TIMEOUT_MS: '5' }),
    ).toThrow(InvalidInputError);
  });

  it('refuses a missing or empty SEAL_KEY_IDS: without keys nothing could be allowed', () => {
    const base = { TABLE_NAME: 't', IMAGE_TRUST_CONFIG: CONFIG };
    expect(() => apiDepsFromEnv(base)).toThrow(/SEAL_KEY_IDS is not set/);
    expect(() => apiDepsFromEnv({ ...base, SEAL_KEY_IDS: '[]' })).toThrow(/SEAL_KEY_IDS names no key/);
    expect(() => apiDepsFromEnv({ ...base, SEAL_KEY_IDS: 'alias/x' })).toThrow(/SEAL_KEY_IDS must be JSON/);
  });

  it('reads the lookup timeout and the accepted certificate subjects', () => {
    const deps = apiDepsFromEnv({
      TABLE_NAME: 't',
      IMAGE_TRUST_CONFIG: CONFIG,
      SEAL_KEY_IDS: '["alias/image-trust"]',
      LOOKUP_TIMEOUT_MS: '750',
      MTLS_ALLOWED_SUBJECTS: '["CN=gatekeeper,O=platform", "CN=kube-apiserver"]',
    });

    expect(deps.timeoutMs).toBe(750);
    expect(deps.auth).toEqual({ allowedClientSubjects: ['CN=gatekeeper,O=platform', 'CN=kube-apiserver'] });
    expect(() =>
      apiDepsFromEnv({
        TABLE_NAME: 't',
        IMAGE_TRUST_CONFIG: CONFIG,
        SEAL_KEY_IDS: '["alias/image-trust"]',
        MTLS_ALLOWED_SUBJECTS: 'CN=a,CN=b',
      }),
    ).toThrow(/JSON array/);
  });
});
