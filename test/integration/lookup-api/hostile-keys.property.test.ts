import '../http/quiet-powertools';
import fc from 'fast-check';
import type { AdmissionReviewAnswer } from '../../../functions/core/admission/admission-review';
import { imageKey, refOf } from '../../unit/core/lookup/lookup-fixtures';
import { observed, passed } from '../../unit/core/verdict/verdict-events';
import { startApiFixture, type ApiFixture } from './api-fixture';

/** Names every JavaScript object answers to unless a lookup checks own properties. */
const HOSTILE = [
  'constructor',
  '__proto__',
  'toString',
  'valueOf',
  'hasOwnProperty',
  'prototype',
  '__defineGetter__',
  'isPrototypeOf',
] as const;

let api: ApiFixture;
const VERIFIED = refOf(imageKey('1'));

beforeAll(async () => {
  api = await startApiFixture('hostile-keys');
  await api.record(imageKey('1'), observed('p', 0), passed('e', 10));
});

const hostile = fc.constantFrom(...HOSTILE);
const text = fc.oneof(hostile, fc.string({ maxLength: 12 }), fc.constant(VERIFIED));
/** A JSON value with hostile names as keys and strings, a few levels deep. */
const value = fc.letrec<{ v: unknown }>((tie) => ({
  v: fc.oneof(
    { depthSize: 'small' },
    text,
    fc.integer(),
    fc.constant(null),
    fc.array(tie('v'), { maxLength: 3 }),
    fc.dictionary(fc.oneof(hostile, fc.string({ maxLength: 6 })), tie('v'), { maxKeys: 3 }),
  ),
})).v;

/** A pod spec whose lists, containers and volumes may carry hostile names anywhere. */
const podSpec = fc.record({
  containers: fc.array(
    fc.oneof(fc.record({ name: text, image: fc.oneof(text, value) }), fc.dictionary(hostile, value)),
    { maxLength: 3 },
  ),
  initContainers: fc.oneof(
    fc.constant(undefined),
    fc.array(fc.record({ name: text, image: text }), { maxLength: 2 }),
  ),
  volumes: fc.oneof(
    fc.constant(undefined),
    fc.array(fc.record({ name: text, image: fc.record({ reference: text }) }), { maxLength: 2 }),
  ),
  [HOSTILE[0]]: value,
});

const review = fc.record({
  uid: fc.oneof(hostile, fc.uuid()),
  kind: fc.record({
    group: text,
    version: text,
    kind: fc.oneof(hostile, fc.constantFrom('Pod', 'Deployment', 'CronJob'), text),
  }),
  namespace: fc.oneof(hostile, text),
  name: text,
  operation: fc.oneof(hostile, fc.constantFrom('CREATE', 'UPDATE', 'DELETE')),
  subResource: fc.oneof(fc.constant(undefined), hostile, fc.constant('scale')),
  userInfo: fc.oneof(fc.constant(undefined), fc.record({ username: text }), fc.dictionary(hostile, value)),
  object: fc.oneof(
    fc.record({
      metadata: fc.dictionary(fc.oneof(hostile, fc.constant('annotations')), value),
      spec: podSpec,
    }),
    fc.record({ spec: fc.record({ template: fc.record({ spec: podSpec }) }) }),
    value,
  ),
  oldObject: fc.oneof(fc.constant(undefined), value),
});

/** JSON as a hostile client writes it: `__proto__` an ordinary key (JSON.stringify drops nothing). */
const json = (v: unknown) => JSON.stringify(v);

describe('hostile keys (property): prototype names anywhere are plain strings, never a 5xx', () => {
  it('every AdmissionReview is answered 200 or 4xx, and a 200 echoes the uid', async () => {
    await fc.assert(
      fc.asyncProperty(review, async (request) => {
        const response = await api.call({
          path: '/v1/admission/validate',
          body: json({ apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview', request }),
        });
        expect(response.statusCode).toBeLessThan(500);
        if (response.statusCode === 200) {
          expect(response.json<AdmissionReviewAnswer>().response.uid).toBe(request.uid);
        }
      }),
      { numRuns: 150 },
    );
  });

  it('every Gatekeeper request is answered 200 or 4xx', async () => {
    const request = fc.record({
      apiVersion: fc.oneof(fc.constant('externaldata.gatekeeper.sh/v1beta1'), hostile),
      kind: fc.oneof(fc.constant('ProviderRequest'), hostile),
      request: fc.oneof(fc.record({ keys: fc.array(text, { maxLength: 4 }) }), fc.dictionary(hostile, value)),
    });
    await fc.assert(
      fc.asyncProperty(request, async (body) => {
        const response = await api.call({ path: '/v1/gatekeeper/provider', body: json(body) });
        expect(response.statusCode).toBeLessThan(500);
      }),
      { numRuns: 100 },
    );
  });

  it.each(HOSTILE)('answers an AdmissionReview whose kind is %s with a denial, not a 500', async (kind) => {
    const response = await api.call({
      path: '/v1/admission/validate',
      body: json({
        apiVersion: 'admission.k8s.io/v1',
        kind: 'AdmissionReview',
        request: {
          uid: 'u',
          kind: { group: '', version: 'v1', kind },
          operation: 'CREATE',
          object: { spec: {} },
        },
      }),
    });

    expect(response.statusCode).toBe(200);
    expect(response.json<AdmissionReviewAnswer>().response).toMatchObject({ uid: 'u', allowed: false });
  });
});
