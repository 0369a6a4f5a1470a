import '../http/quiet-powertools';
import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { HttpDynamoDb } from '../../../functions/adapters/dynamodb/http-dynamodb';
import { HttpVerdictReader } from '../../../functions/adapters/dynamodb/http-verdict-reader';
import { imagePk, VERDICT_SK } from '../../../functions/adapters/dynamodb/verdict-table';
import { toVerdictItem } from '../../../functions/adapters/dynamodb/verdict-items';
import { createWebhookHandler } from '../../../functions/admission-webhook/handler';
import { WEBHOOK_ROUTE_KEY } from '../../../functions/admission-webhook/webhook-request-handler';
import type { AdmissionReviewAnswer } from '../../../functions/core/admission/admission-review';
import type { ProviderResponse } from '../../../functions/core/admission/answer-gatekeeper';
import type { SealRefusal } from '../../../functions/core/lookup/seal-answer';
import type { VerdictAnswer } from '../../../functions/core/lookup/verdict-answer';
import { WebhookCredentialCheck } from '../../../functions/core/webhook/credential-check';
import type { VerdictKey } from '../../../functions/core/verdict/verdict';
import { recordVerdict } from '../../../functions/core/verdict/record-verdict';
import { sharedDynamoDbEndpoint } from '../../harness/services';
import { sealedForTest } from '../../support/test-seals';
import { admissionReview, workload } from '../../unit/core/admission/workloads';
import { imageKey, refOf } from '../../unit/core/lookup/lookup-fixtures';
import { failed, observed, passed, revoked } from '../../unit/core/verdict/verdict-events';
import { apiEvent, lambdaContext } from '../http/api-events';
import { GATEKEEPER_SUBJECT, startApiFixture, type ApiFixture } from './api-fixture';

const CREDENTIAL = 'seals-test-credential-0123456789abcdef0123456789';
const HOUR = 3_600_000;

/** What one path said about one image: allowed, and the first reason's code and message. */
interface Said {
  readonly allowed: boolean;
  readonly code?: string;
  readonly message?: string;
}

let api: ApiFixture;
const refusals: SealRefusal[] = [];
let webhook: ReturnType<typeof createWebhookHandler>;

/** The table item of `key`, as the real SDK reads it. */
const itemOf = async (key: VerdictKey) =>
  (
    await api.writer.doc.send(
      new GetCommand({ TableName: api.tableName, Key: { pk: imagePk(key), sk: VERDICT_SK } }),
    )
  ).Item!;

beforeAll(async () => {
  api = await startApiFixture('seals');
  // The deployed store: the compact client over fetch, against DynamoDB Local.
  const db = new HttpDynamoDb({
    region: 'us-east-1',
    endpoint: sharedDynamoDbEndpoint(),
    credentials: { accessKeyId: 'AKIDTESTIMAGETRUST', secretAccessKey: 'test-secret' },
    requestTimeoutMs: 2000,
  });
  const deps = {
    ...api.deps,
    store: new HttpVerdictReader({ db, tableName: api.tableName }),
    onSealRefused: (r: SealRefusal) => void refusals.push(r),
  };
  Object.assign(api.deps, deps);
  webhook = createWebhookHandler({
    ...deps,
    credentials: new WebhookCredentialCheck({
      source: { read: () => Promise.resolve({ current: CREDENTIAL }) },
    }),
  });
});

/** Asks about `key` on every lookup path: REST, batch, Gatekeeper, AdmissionReview, the EKS webhook. */
async function everyPath(key: VerdictKey): Promise<Record<string, Said>> {
  const image = refOf(key);
  const rest = (
    await api.call({ path: '/v1/verdicts', query: `image=${encodeURIComponent(image)}` })
  ).json<VerdictAnswer>();
  const batch = (
    await api.call({
      path: '/v1/verdicts:batch',
      body: JSON.stringify({ images: [image, refOf(imageKey('1'))] }),
    })
  ).json<{ results: { answer: VerdictAnswer }[] }>().results[0]!.answer;
  const provider = (
    await api.call({
      path: '/v1/gatekeeper/provider',
      body: JSON.stringify({
        apiVersion: 'externaldata.gatekeeper.sh/v1beta1',
        kind: 'ProviderRequest',
        request: { keys: [image] },
      }),
      auth: { subject: GATEKEEPER_SUBJECT },
    })
  ).json<ProviderResponse>();
  const gatekeeper = provider.response.items[0]?.value;
  const review = JSON.stringify(
    admissionReview('Pod', workload('Pod', { containers: [image] }), { namespace: 'apps' }),
  );
  const admission = (
    await api.call({ path: '/v1/admission/validate', body: review })
  ).json<AdmissionReviewAnswer>();
  const eks = await webhook(
    {
      ...apiEvent({ path: `/v1/admission/${CREDENTIAL}`, body: review, auth: 'none' }),
      routeKey: WEBHOOK_ROUTE_KEY,
      pathParameters: { credential: CREDENTIAL },
    },
    lambdaContext,
  );
  const eksAnswer = JSON.parse(eks.body) as AdmissionReviewAnswer;
  const fromAnswer = (a: VerdictAnswer | undefined): Said =>
    a === undefined
      ? { allowed: false, code: 'NO_ITEM', message: provider.response.systemError ?? '' }
      : { allowed: a.allowed, code: a.reasons[0]?.code ?? '', message: a.reasons[0]?.message ?? '' };
  const fromReview = (r: AdmissionReviewAnswer): Said => ({
    allowed: r.response.allowed,
    message: r.response.status?.message ?? '',
  });
  return {
    rest: fromAnswer(rest),
    batch: fromAnswer(batch),
    gatekeeper: fromAnswer(gatekeeper),
    admission: fromReview(admission),
    webhook: fromReview(eksAnswer),
  };
}

/** Every path denies, with `code` where the answer carries codes and `message` in every message. */
function expectDeniedEverywhere(said: Record<string, Said>, code: string, message: RegExp): void {
  for (const [path, answer] of Object.entries(said)) {
    expect({ path, allowed: answer.allowed, message: answer.message }).toEqual({
      path,
      allowed: false,
      message: expect.stringMatching(message),
    });
    if (answer.code !== undefined) expect({ path, code: answer.code }).toEqual({ path, code });
  }
}

describe('verdict seals on every lookup path (items edited directly in DynamoDB Local)', () => {
  it('allows a normal sealed VERIFIED item on every path', async () => {
    await api.record(imageKey('1'), observed('p1', 0), passed('e1', 10));

    const said = await everyPath(imageKey('1'));

    for (const [path, answer] of Object.entries(said))
      expect({ path, allowed: answer.allowed }).toEqual({ path, allowed: true });
  });

  it('denies VERDICT_UNSIGNED a REJECTED digest whose item was rewritten to VERIFIED, and counts it', async () => {
    const key = imageKey('2');
    await api.record(key, observed('p2', 0), failed('e2', 10));
    await api.writer.doc.send(
      new UpdateCommand({
        TableName: api.tableName,
        Key: { pk: imagePk(key), sk: VERDICT_SK },
        UpdateExpression: 'SET #s = :v, reasons = :none',
        ExpressionAttributeNames: { '#s': 'status' },
        ExpressionAttributeValues: { ':v': 'VERIFIED', ':none': [] },
      }),
    );
    refusals.length = 0;

    expectDeniedEverywhere(await everyPath(key), 'VERDICT_UNSIGNED', /carries no signer's seal/);
    expect(refusals.length).toBeGreaterThanOrEqual(5);
    expect(new Set(refusals.map((r) => `${r.digest} ${r.code}`))).toEqual(
      new Set([`${key.digest} VERDICT_UNSIGNED`]),
    );
  });

  it("denies VERDICT_TAMPERED a rejected digest given another digest's sealed content", async () => {
    const key = imageKey('3');
    await api.record(key, observed('p3', 0), failed('e3', 10));
    const { status, policyVersion, validUntil, version, seal } = await itemOf(imageKey('1'));
    await api.writer.doc.send(
      new UpdateCommand({
        TableName: api.tableName,
        Key: { pk: imagePk(key), sk: VERDICT_SK },
        UpdateExpression:
          'SET #s = :s, policyVersion = :p, validUntil = :u, version = :v, seal = :seal, reasons = :none',
        ExpressionAttributeNames: { '#s': 'status' },
        ExpressionAttributeValues: {
          ':s': status,
          ':p': policyVersion,
          ':u': validUntil,
          ':v': version,
          ':seal': seal,
          ':none': [],
        },
      }),
    );

    expectDeniedEverywhere(await everyPath(key), 'VERDICT_TAMPERED', /does not verify over its content/);
  });

  it('honours an old sealed VERIFIED item replayed over a revocation until its validUntil: the documented bound', async () => {
    const key = imageKey('4');
    const verified = await recordVerdict(api.writer, key, observed('p4', 0)).then(() =>
      recordVerdict(api.writer, key, passed('e4', 10)),
    );
    const old = sealedForTest({ ...verified.verdict, validUntil: new Date(Date.now() + HOUR).toISOString() });
    await api.putItem(old);
    await recordVerdict(api.writer, key, revoked('r4', 20));
    expect((await everyPath(key)).rest?.allowed).toBe(false);

    await api.writer.doc.send(new PutCommand({ TableName: api.tableName, Item: toVerdictItem(old) }));

    const said = await everyPath(key);
    for (const [path, answer] of Object.entries(said))
      expect({ path, allowed: answer.allowed }).toEqual({ path, allowed: true });
  });

  it('denies VERDICT_EXPIRED the same replay past its validUntil, on every path', async () => {
    const key = imageKey('5');
    const verified = await recordVerdict(api.writer, key, observed('p5', 0)).then(() =>
      recordVerdict(api.writer, key, passed('e5', 10)),
    );
    const old = sealedForTest({
      ...verified.verdict,
      validUntil: new Date(Date.now() - 60_000).toISOString(),
    });
    await recordVerdict(api.writer, key, revoked('r5', 20));

    await api.writer.doc.send(
      new PutCommand({ TableName: api.tableName, Item: toVerdictItem({ ...old, validity: undefined }) }),
    );

    expectDeniedEverywhere(await everyPath(key), 'VERDICT_EXPIRED', /the verdict was valid until/);
  });
});
