import '../http/quiet-powertools';
import { DynamoDbVerdictStore } from '../../../functions/adapters/dynamodb/dynamodb-verdict-store';
import type { ProviderResponse } from '../../../functions/core/admission/answer-gatekeeper';
import { imagesOf } from '../../../functions/core/admission/admission-images';
import { conformancePath, readConformance } from '../../support/conformance';
import { imageKey, refOf } from '../../unit/core/lookup/lookup-fixtures';
import { readYaml } from '../../unit/deploy/yaml';
import { observed, passed } from '../../unit/core/verdict/verdict-events';
import { dynamoClient, startApiFixture, type ApiFixture } from './api-fixture';

const GATEKEEPER = ['admission', 'gatekeeper-externaldata'];

let api: ApiFixture;

beforeAll(async () => {
  api = await startApiFixture('gatekeeper');
  await api.record(imageKey('1'), observed('p1', 0), passed('e1', 10));
});

beforeEach(() => api.calls.reset());

async function ask(body: string, overrides?: Parameters<ApiFixture['call']>[1]): Promise<ProviderResponse> {
  const response = await api.call(
    {
      path: '/v1/gatekeeper/provider',
      body,
      auth: { subject: 'CN=gatekeeper-webhook-service.gatekeeper-system.svc' },
    },
    overrides,
  );
  expect(response.statusCode).toBe(200);
  return response.json<ProviderResponse>();
}

const request = (...keys: string[]) =>
  JSON.stringify({
    apiVersion: 'externaldata.gatekeeper.sh/v1beta1',
    kind: 'ProviderRequest',
    request: { keys },
  });

/** The images of a sample Deployment, as a Gatekeeper template would send them. */
function sampleImages(...parts: string[]): string[] {
  const deployment = readYaml(conformancePath(...GATEKEEPER, ...parts)) as { kind: string };
  return imagesOf(deployment.kind, deployment).map((c) => c.image);
}

describe('POST /v1/gatekeeper/provider', () => {
  it('answers the real Ratify ProviderRequest (v1alpha1) in ProviderResponse shape', async () => {
    const body = readConformance(
      ...GATEKEEPER,
      'provider-api-samples',
      'providerrequest-v1alpha1.ratify-contributing.json',
    );

    const answer = await ask(body.toString('utf8'));

    expect(answer).toEqual({
      apiVersion: 'externaldata.gatekeeper.sh/v1beta1',
      kind: 'ProviderResponse',
      response: {
        idempotent: true,
        items: [
          {
            key: 'localhost:5000/net-monitor:v1',
            value: expect.objectContaining({ allowed: false, status: 'REJECTED', final: true }),
          },
        ],
      },
    });
  });

  it.each([
    ['cosign-gatekeeper-provider', 'valid.yaml'],
    ['cosign-gatekeeper-provider', 'error.yaml'],
    ['gatekeeper-dummy-provider', 'valid.yaml'],
    ['gatekeeper-dummy-provider', 'error.yaml'],
    ['gatekeeper-dummy-provider', 'system-error.yaml'],
  ])('answers the images of the %s example %s, one item per key', async (provider, file) => {
    const keys = sampleImages(provider, 'examples', file);

    const answer = await ask(request(...keys));

    expect(answer.response.items.map((i) => i.key)).toEqual(keys);
    for (const item of answer.response.items) {
      expect(item.value).toMatchObject({ allowed: false, checks: { digest: 'fail' } });
    }
  });

  it('lets a freshly verified image in on the next request: a pending key gets no (cacheable) item', async () => {
    const key = imageKey('7');
    await api.record(key, observed('p7', 0));

    const pending = await ask(request(refOf(key), refOf(imageKey('1'))));
    await api.record(key, passed('e7', 10));
    const verified = await ask(request(refOf(key)));

    expect(pending.response.items.map((i) => i.key)).toEqual([refOf(imageKey('1'))]);
    expect(pending.response.systemError).toContain(`${refOf(key)} (PENDING: PENDING)`);
    expect(verified.response.items).toEqual([
      { key: refOf(key), value: expect.objectContaining({ allowed: true, status: 'VERIFIED' }) },
    ]);
    expect(verified.response.systemError).toBeUndefined();
  });

  it('answers a store failure with systemError, never with an allowing item (fail closed)', async () => {
    const store = new DynamoDbVerdictStore({ client: dynamoClient(), tableName: 'no-such-table' });

    const answer = await ask(request(refOf(imageKey('1'))), { store });

    expect(answer.response.items).toEqual([]);
    expect(answer.response.systemError).toMatch(
      /no final verdict yet for 1 image\(s\).*UNKNOWN: LOOKUP_FAILED/,
    );
  });

  it('reads each distinct image once', async () => {
    await ask(request(refOf(imageKey('1')), refOf(imageKey('1')), refOf(imageKey('8'))));

    expect(api.calls.snapshot()).toEqual({ 'BatchGetItem ok': 1 });
    expect(api.calls.writes).toBe(0);
  });
});
