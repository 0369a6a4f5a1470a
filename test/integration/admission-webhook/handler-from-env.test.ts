import '../http/quiet-powertools';
import { createVerdictTable } from '../../../functions/adapters/dynamodb/create-verdict-table';
import { DynamoDbVerdictStore } from '../../../functions/adapters/dynamodb/dynamodb-verdict-store';
import { createWebhookHandler, handler } from '../../../functions/admission-webhook/handler';
import { webhookDepsFromEnv } from '../../../functions/admission-webhook/webhook-deps';
import { WEBHOOK_ROUTE_KEY } from '../../../functions/admission-webhook/webhook-request-handler';
import { recordVerdict } from '../../../functions/core/verdict/record-verdict';
import { sharedDynamoDbEndpoint } from '../../harness/services';
import {
  startSecretsManagerEmulator,
  type SecretsManagerEmulator,
} from '../../emulators/secrets-manager/secrets-manager-emulator';
import { startKmsEmulator, type KmsEmulator } from '../../emulators/kms';
import { sealWithKms } from '../../support/kms-sealed';
import { admissionReview, workload } from '../../unit/core/admission/workloads';
import { imageKey, refOf } from '../../unit/core/lookup/lookup-fixtures';
import { observed, passed } from '../../unit/core/verdict/verdict-events';
import { apiEvent, lambdaContext } from '../http/api-events';
import { dynamoClient } from '../lookup-api/api-fixture';

const TABLE = `webhook-env-${process.pid}-${Date.now()}`;
const CONFIG = JSON.stringify({
  allowlist: { registries: [{ accountId: '123456789012', region: 'us-east-1' }], repositories: ['team/**'] },
  policy: { version: '2025-01-01' },
});
const CREDENTIAL = 'EnvCredential0123456789abcdefghijklmnopqrstuvwxyz';
let secrets: SecretsManagerEmulator;
let kms: KmsEmulator;
/** GetPublicKey calls before the handler's first request (sealing the item made one). */
let keyReadsBefore = 0;
const saved = { ...process.env };

beforeAll(async () => {
  const client = dynamoClient();
  await createVerdictTable(client, TABLE);
  const writer = new DynamoDbVerdictStore({ client, tableName: TABLE });
  await recordVerdict(writer, imageKey('1'), observed('p', 0));
  const verified = (await recordVerdict(writer, imageKey('1'), passed('e', 10))).verdict;
  kms = await startKmsEmulator();
  const key = kms.createKey('webhook-env');
  await sealWithKms(writer, verified, kms, key.arn);
  keyReadsBefore = kms.calls.count('GetPublicKey');
  secrets = await startSecretsManagerEmulator();
  Object.assign(process.env, {
    TABLE_NAME: TABLE,
    IMAGE_TRUST_CONFIG: CONFIG,
    WEBHOOK_CREDENTIAL_SECRET_ARN: secrets.put('webhook', JSON.stringify({ current: CREDENTIAL })),
    AWS_ENDPOINT_URL_DYNAMODB: sharedDynamoDbEndpoint(),
    AWS_ENDPOINT_URL_SECRETS_MANAGER: secrets.endpoint,
    AWS_ENDPOINT_URL_KMS: kms.endpoint,
    SEAL_KEY_IDS: JSON.stringify([key.arn]),
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'AKIDTESTIMAGETRUST',
    AWS_SECRET_ACCESS_KEY: 'test-secret',
  });
});

afterAll(async () => {
  process.env = saved;
  await Promise.all([secrets.close(), kms.stop()]);
});

const review = () =>
  JSON.stringify(
    admissionReview('Pod', workload('Pod', { containers: [refOf(imageKey('1'))] }), { namespace: 'a' }),
  );
const event = (credential: string) => ({
  ...apiEvent({ path: `/v1/admission/${credential}`, body: review(), auth: 'none' }),
  routeKey: WEBHOOK_ROUTE_KEY,
  pathParameters: { credential },
});

describe('the deployed webhook handler', () => {
  it('builds its dependencies from its environment, reads the secret and answers', async () => {
    const result = await handler(event(CREDENTIAL), lambdaContext);

    expect(result.statusCode).toBe(200);
    expect(JSON.parse(result.body)).toMatchObject({ response: { allowed: true } });
    expect(secrets.calls).toContain('GetSecretValue');
    expect(kms.calls.count('GetPublicKey') - keyReadsBefore).toBe(1);
  });

  it('answers 500 without details when it is not configured', async () => {
    const broken = createWebhookHandler(() =>
      webhookDepsFromEnv({ IMAGE_TRUST_CONFIG: CONFIG, TABLE_NAME: 't' }),
    );

    const result = await broken(event(CREDENTIAL), lambdaContext);

    expect(result.statusCode).toBe(500);
    expect(result.body).not.toContain('WEBHOOK_CREDENTIAL_SECRET_ARN');
  });
});
