import '../http/quiet-powertools';
import { createVerdictTable } from '../../../functions/adapters/dynamodb/create-verdict-table';
import { DynamoDbVerdictStore } from '../../../functions/adapters/dynamodb/dynamodb-verdict-store';
import type { AdmissionReviewAnswer } from '../../../functions/core/admission/admission-review';
import type { ProviderResponse } from '../../../functions/core/admission/answer-gatekeeper';
import type { VerdictAnswer } from '../../../functions/core/lookup/verdict-answer';
import { recordVerdict } from '../../../functions/core/verdict/record-verdict';
import { startDynamoDbLocal, type DynamoDbLocalService } from '../../../bin/local/services/dynamodb-local';
import { admissionReview, workload } from '../../unit/core/admission/workloads';
import { imageKey, refOf } from '../../unit/core/lookup/lookup-fixtures';
import { observed, passed } from '../../unit/core/verdict/verdict-events';
import { sealRecorded } from '../../support/sealed-records';
import { dynamoClient, startApiFixture, type ApiFixture } from './api-fixture';

/** What no answer may carry: SDK error names, hosts, ports, ARNs, stack frames, the table's name. */
const INTERNALS = /Exception|ECONN|TimeoutError|127\.0\.0\.1|localhost|arn:|\bat \S+:\d+|outage-table/;

/**
 * Issue 13: DynamoDB Local's JVM paused with SIGSTOP is a store that takes connections and never answers.
 * Every way of asking fails closed, says so without internals, and recovers once the JVM runs again.
 */
describe('a verdict store outage (DynamoDB Local paused with SIGSTOP)', () => {
  let dynamo: DynamoDbLocalService;
  let api: ApiFixture;
  let store: DynamoDbVerdictStore;
  const image = refOf(imageKey('1'));

  beforeAll(async () => {
    dynamo = await startDynamoDbLocal();
    const client = dynamoClient(dynamo.endpoint, 1);
    await createVerdictTable(client, 'outage-table');
    store = new DynamoDbVerdictStore({ client, tableName: 'outage-table' });
    await recordVerdict(store, imageKey('1'), observed('p1', 0));
    await sealRecorded(store, (await recordVerdict(store, imageKey('1'), passed('e1', 10))).verdict);
    api = await startApiFixture('outage', { timeoutMs: 300 });
  });
  afterAll(async () => {
    if (dynamo) {
      process.kill(dynamo.pid, 'SIGCONT');
      await dynamo.stop();
    }
  });

  const lookup = () =>
    api.call({ path: '/v1/verdicts', query: `image=${encodeURIComponent(image)}` }, { store });
  const review = async () =>
    (
      await api.call(
        {
          path: '/v1/admission/validate',
          body: JSON.stringify(admissionReview('Pod', workload('Pod', { containers: [image] }))),
        },
        { store },
      )
    ).json<AdmissionReviewAnswer>();
  const gatekeeper = async () =>
    (
      await api.call(
        {
          path: '/v1/gatekeeper/provider',
          body: JSON.stringify({
            apiVersion: 'externaldata.gatekeeper.sh/v1beta1',
            kind: 'ProviderRequest',
            request: { keys: [image] },
          }),
          auth: { subject: 'CN=gatekeeper-webhook-service.gatekeeper-system.svc' },
        },
        { store },
      )
    ).json<ProviderResponse>();

  it('answers 503 with Retry-After, a webhook denial with its reason and a Gatekeeper systemError, then recovers', async () => {
    expect((await lookup()).json<VerdictAnswer>()).toMatchObject({ allowed: true, status: 'VERIFIED' });

    process.kill(dynamo.pid, 'SIGSTOP');
    try {
      const down = await lookup();
      expect(down.statusCode).toBe(503);
      expect(down.headers['retry-after']).toBe('1');
      expect(down.json()).toMatchObject({
        error: { code: 'UPSTREAM', retryable: true, requestId: expect.any(String) },
      });
      expect(down.body).not.toMatch(INTERNALS);

      const denied = await review();
      expect(denied.response).toMatchObject({ allowed: false, status: { code: 403 } });
      expect(denied.response.status?.message).toMatch(/did not answer within 300 ms/);
      expect(JSON.stringify(denied)).not.toMatch(INTERNALS);

      const provider = await gatekeeper();
      expect(provider.response.items).toEqual([]);
      expect(provider.response.systemError).toMatch(/LOOKUP_TIMEOUT/);
      expect(JSON.stringify(provider)).not.toMatch(INTERNALS);
    } finally {
      process.kill(dynamo.pid, 'SIGCONT');
    }

    // The JVM resumes with the requests that queued meanwhile: the first answers may still be late.
    let up = await lookup();
    for (const deadline = Date.now() + 20_000; up.statusCode !== 200 && Date.now() < deadline;) {
      await new Promise((r) => setTimeout(r, 200));
      up = await lookup();
    }
    expect(up.statusCode).toBe(200);
    expect(up.json<VerdictAnswer>()).toMatchObject({ allowed: true, status: 'VERIFIED' });
    expect((await review()).response.allowed).toBe(true);
    expect((await gatekeeper()).response).toMatchObject({
      items: [{ key: image, value: { allowed: true } }],
    });
  });
});
