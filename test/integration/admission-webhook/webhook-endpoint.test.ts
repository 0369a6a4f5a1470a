import '../http/quiet-powertools';
import { HttpSecretsManager } from '../../../functions/adapters/secrets-manager/http-secrets-manager';
import { SecretsManagerCredentialSource } from '../../../functions/adapters/secrets-manager/secrets-manager-credential-source';
import { createWebhookHandler } from '../../../functions/admission-webhook/handler';
import type { WebhookDeps } from '../../../functions/admission-webhook/webhook-deps';
import { WEBHOOK_ROUTE_KEY } from '../../../functions/admission-webhook/webhook-request-handler';
import type { AdmissionReviewAnswer } from '../../../functions/core/admission/admission-review';
import { WebhookCredentialCheck } from '../../../functions/core/webhook/credential-check';
import { rotateWebhookCredentials } from '../../../functions/core/webhook/credential-format';
import { logger } from '../../../functions/runtime/observability';
import {
  startSecretsManagerEmulator,
  type SecretsManagerEmulator,
} from '../../emulators/secrets-manager/secrets-manager-emulator';
import { admissionReview, workload } from '../../unit/core/admission/workloads';
import { imageKey, refOf } from '../../unit/core/lookup/lookup-fixtures';
import { failed, observed, passed } from '../../unit/core/verdict/verdict-events';
import { apiEvent, lambdaContext } from '../http/api-events';
import { startApiFixture, type ApiFixture } from '../lookup-api/api-fixture';

const CURRENT = 'Cur0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXY';
const PREVIOUS = 'Prev123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXY';
const WRONG = 'Wrong23456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXY';

let api: ApiFixture;
let secrets: SecretsManagerEmulator;
let secretArn: string;
let handler: ReturnType<typeof createWebhookHandler>;

beforeAll(async () => {
  api = await startApiFixture('webhook');
  await api.record(imageKey('1'), observed('p1', 0), passed('e1', 10));
  await api.record(imageKey('2'), observed('p2', 0), failed('e2', 10));
  secrets = await startSecretsManagerEmulator();
  secretArn = secrets.put('image-trust-webhook', JSON.stringify({ current: CURRENT, previous: PREVIOUS }));
  const client = secretsClient();
  const deps: WebhookDeps = {
    ...api.deps,
    credentials: new WebhookCredentialCheck({
      source: new SecretsManagerCredentialSource({ client, secretId: secretArn }),
      minRefreshMs: 0,
    }),
  };
  handler = createWebhookHandler(deps);
});

afterAll(() => secrets.close());

/** The webhook function's compact Secrets Manager client, on the emulator. */
function secretsClient(): HttpSecretsManager {
  return new HttpSecretsManager({
    endpoint: secrets.endpoint,
    region: 'us-east-1',
    requestTimeoutMs: 2000,
    credentials: { accessKeyId: 'AKIDTESTIMAGETRUST', secretAccessKey: 'test-secret' },
  });
}

/** A request as the webhook API's route delivers it: the credential in the path and in pathParameters. */
function call(credential: string, body: unknown, routeKey = WEBHOOK_ROUTE_KEY) {
  const path = `/v1/admission/${credential}`;
  const event = {
    ...apiEvent({ path, body: JSON.stringify(body), auth: 'none' }),
    routeKey,
    pathParameters: { credential },
  };
  return handler(event, lambdaContext);
}

const podOf = (hex: string) =>
  admissionReview('Pod', workload('Pod', { containers: [refOf(imageKey(hex))] }), { namespace: 'apps' });

describe('the admission webhook endpoint', () => {
  it('answers the AdmissionReview for the current credential', async () => {
    const result = await call(CURRENT, podOf('1'));

    expect(result.statusCode).toBe(200);
    const answer = JSON.parse(result.body) as AdmissionReviewAnswer;
    expect(answer.response).toMatchObject({ uid: '705ab4f5-6393-11e8-b7cc-42010a800002', allowed: true });
  });

  it('answers for the previous credential too (a rotation under way), denying a rejected image', async () => {
    const result = await call(PREVIOUS, podOf('2'));

    expect(result.statusCode).toBe(200);
    expect((JSON.parse(result.body) as AdmissionReviewAnswer).response.allowed).toBe(false);
  });

  it.each([
    ['a wrong credential', WRONG],
    ['the current one cut short', CURRENT.slice(0, -1)],
    ['the current one with more', `${CURRENT}x`],
  ])('refuses %s with 403, reading nothing from the table', async (_name, credential) => {
    api.calls.reset();
    const result = await call(credential, podOf('1'));

    expect(result.statusCode).toBe(403);
    expect(result.body).not.toContain(credential);
    expect(api.calls.reads).toBe(0);
  });

  it('answers 404 to anything that is not its route', async () => {
    const result = await call(CURRENT, podOf('1'), '$default');

    expect(result.statusCode).toBe(404);
  });

  it('answers only AdmissionReview: another body is a 400', async () => {
    const result = await call(CURRENT, {
      apiVersion: 'externaldata.gatekeeper.sh/v1beta1',
      kind: 'ProviderRequest',
      request: { keys: [] },
    });

    expect(result.statusCode).toBe(400);
  });

  it('takes a rotation without a restart: the new credential and the old current one', async () => {
    const before = secrets.value(secretArn)!;
    const rotated = rotateWebhookCredentials(JSON.parse(before) as { current: string });
    secrets.put('image-trust-webhook', JSON.stringify(rotated));
    try {
      expect((await call(rotated.current, podOf('1'))).statusCode).toBe(200);
      expect((await call(CURRENT, podOf('1'))).statusCode).toBe(200);
      expect((await call(PREVIOUS, podOf('1'))).statusCode).toBe(403);
    } finally {
      secrets.put('image-trust-webhook', before);
      await call(CURRENT, podOf('1'));
    }
  });

  it('fails closed (503) when the secret cannot be read', async () => {
    const check = new WebhookCredentialCheck({
      source: new SecretsManagerCredentialSource({
        client: secretsClient(),
        secretId: secretArn,
      }),
    });
    const failing = createWebhookHandler({ ...api.deps, credentials: check });
    secrets.failWith('InternalServiceError');
    try {
      const event = {
        ...apiEvent({ path: `/v1/admission/${CURRENT}`, body: JSON.stringify(podOf('1')), auth: 'none' }),
        routeKey: WEBHOOK_ROUTE_KEY,
        pathParameters: { credential: CURRENT },
      };
      const result = await failing(event, lambdaContext);
      expect(result.statusCode).toBe(503);
      expect(result.body).not.toContain(CURRENT);
    } finally {
      secrets.failWith(undefined);
    }
  });

  it('never writes the credential to its logs, right or wrong', async () => {
    const lines: string[] = [];
    const record = (...args: unknown[]) => void lines.push(JSON.stringify(args));
    const spies = (['debug', 'info', 'warn', 'error'] as const).map((level) =>
      jest.spyOn(logger, level).mockImplementation(record),
    );
    try {
      await call(CURRENT, podOf('1'));
      await call(WRONG, podOf('1'));
      await call(CURRENT, podOf('1'), '$default');
    } finally {
      for (const spy of spies) spy.mockRestore();
    }
    const logged = lines.join('');

    expect(logged).toContain('answered');
    expect(logged).toContain('wrong credential');
    expect(logged).toContain('/v1/admission/validate');
    expect(logged).not.toContain(CURRENT);
    expect(logged).not.toContain(WRONG);
  });
});
