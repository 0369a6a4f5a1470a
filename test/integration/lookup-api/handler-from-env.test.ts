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

const TABLE = `api-env-${process.pid}-${Date.now()}`;
const CONFIG = JSON.stringify({
  allowlist: { registries: [{ accountId: '123456789012', region: 'us-east-1' }], repositories: ['team/**'] },
  policy: { version: '2025-01-01' },
});

beforeAll(async () => {
  const client = dynamoClient();
  await createVerdictTable(client, TABLE);
  const writer = new DynamoDbVerdictStore({ client, tableName: TABLE });
  await recordVerdict(writer, imageKey('1'), observed('p', 0));
  await recordVerdict(writer, imageKey('1'), passed('e', 10));
  process.env.TABLE_NAME = TABLE;
  process.env.IMAGE_TRUST_CONFIG = CONFIG;
  process.env.AWS_ENDPOINT_URL_DYNAMODB = sharedDynamoDbEndpoint();
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

  it('reads the lookup timeout and the accepted certificate subjects', () => {
    const deps = apiDepsFromEnv({
      TABLE_NAME: 't',
      IMAGE_TRUST_CONFIG: CONFIG,
      LOOKUP_TIMEOUT_MS: '750',
      MTLS_ALLOWED_SUBJECTS: '["CN=gatekeeper,O=platform", "CN=kube-apiserver"]',
    });

    expect(deps.timeoutMs).toBe(750);
    expect(deps.auth).toEqual({ allowedClientSubjects: ['CN=gatekeeper,O=platform', 'CN=kube-apiserver'] });
    expect(() =>
      apiDepsFromEnv({ TABLE_NAME: 't', IMAGE_TRUST_CONFIG: CONFIG, MTLS_ALLOWED_SUBJECTS: 'CN=a,CN=b' }),
    ).toThrow(/JSON array/);
  });
});
