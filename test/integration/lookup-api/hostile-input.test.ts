import '../http/quiet-powertools';
import { imageKey, refOf, REGISTRY } from '../../unit/core/lookup/lookup-fixtures';
import { admissionReview, workload } from '../../unit/core/admission/workloads';
import { observed, passed } from '../../unit/core/verdict/verdict-events';
import type { EventOptions } from '../http/api-events';
import { startApiFixture, type ApiFixture } from './api-fixture';

const MiB = 1024 * 1024;
const DIGEST = `sha256:${'a'.repeat(64)}`;
const get = (image: string): EventOptions => ({
  path: '/v1/verdicts',
  query: `image=${encodeURIComponent(image)}`,
});
const batch = (body: string, extra: Partial<EventOptions> = {}): EventOptions => ({
  path: '/v1/verdicts:batch',
  body,
  ...extra,
});
const nested = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;

/** Hostile or broken requests: each a 4xx with a clear message, no crash, and no write. */
const CASES: readonly [string, EventOptions, number, RegExp][] = [
  [
    'a body over 1 MiB',
    batch(JSON.stringify({ images: ['x'.repeat(MiB)] })),
    413,
    /larger than 1048576 bytes/,
  ],
  [
    'a base64 body over 1 MiB',
    batch(Buffer.alloc(MiB + 10, 0x20).toString('base64'), { isBase64Encoded: true }),
    413,
    /larger than 1048576/,
  ],
  ['JSON nested 65 deep', batch(`{"images":${nested(64)}}`), 400, /nests deeper than 64 levels/],
  ['JSON nested 500000 deep', batch(nested(500_000)), 400, /nests deeper than 64 levels/],
  ['a body that is not JSON', batch('{"images": [}'), 400, /not valid JSON/],
  [
    'a base64 body that is not UTF-8',
    batch(Buffer.from([0xff, 0xfe, 0x7b]).toString('base64'), { isBase64Encoded: true }),
    400,
    /not UTF-8/,
  ],
  ['a base64 body that is not base64', batch('{"images":[]}', { isBase64Encoded: true }), 400, /not base64/],
  [
    'a body that is not JSON by its type',
    batch('images=x', { headers: { 'content-type': 'application/x-www-form-urlencoded' } }),
    415,
    /must be JSON/,
  ],
  ['no body', { method: 'POST', path: '/v1/verdicts:batch' }, 400, /needs a JSON body/],
  [
    '101 references',
    batch(JSON.stringify({ images: Array.from({ length: 101 }, () => 'x') })),
    400,
    /at most 100/,
  ],
  [
    'references that are not strings',
    batch(JSON.stringify({ images: [{ $ne: null }] })),
    400,
    /images\[0\]: must be a string/,
  ],
  [
    'an unknown field',
    batch(JSON.stringify({ images: ['x'], TableName: 'other' })),
    400,
    /unknown field 'TableName'/,
  ],
  [
    'a prototype-polluting body',
    batch('{"__proto__":{"admin":true},"images":["x"]}'),
    400,
    /unknown field '__proto__'/,
  ],
  ['a malformed digest', get(`${REGISTRY}/team/app@sha256:xyz`), 400, /digest 'sha256:xyz'/],
  [
    'a shell command in a repository',
    get(`${REGISTRY}/team/app$(reboot)@${DIGEST}`),
    400,
    /contains '\$'.*shell or template syntax/,
  ],
  [
    'SQL in a repository',
    get(`${REGISTRY}/team/app';DROP TABLE verdicts;--@${DIGEST}`),
    400,
    /a single quote/,
  ],
  ['a newline in a reference', get(`${REGISTRY}/team/app\n@${DIGEST}`), 400, /control character/],
  ['a look-alike letter', get(`${REGISTRY}/team/\u0430pp@${DIGEST}`), 400, /non-ASCII character U\+0430/],
  ['a path traversal', get(`${REGISTRY}/team/../../etc/passwd@${DIGEST}`), 400, /'\.\.'/],
  ['a URL scheme', get(`https://${REGISTRY}/team/app@${DIGEST}`), 400, /URL scheme|not allowed/],
  [
    'a reference over 1024 characters',
    get(`${REGISTRY}/${'a'.repeat(1100)}@${DIGEST}`),
    400,
    /limit is 1024/,
  ],
  [
    'an AdmissionReview without a uid',
    {
      path: '/v1/admission/validate',
      body: JSON.stringify({
        apiVersion: 'admission.k8s.io/v1',
        kind: 'AdmissionReview',
        request: { kind: { group: '', version: 'v1', kind: 'Pod' }, operation: 'CREATE' },
      }),
    },
    400,
    /request.uid: is required/,
  ],
  [
    'an AdmissionReview of another version',
    {
      path: '/v1/admission/validate',
      body: JSON.stringify({ apiVersion: 'admission.k8s.io/v1beta1', kind: 'AdmissionReview', request: {} }),
    },
    400,
    /apiVersion: must be 'admission.k8s.io\/v1'/,
  ],
  [
    'a ProviderRequest with 1001 keys',
    {
      path: '/v1/gatekeeper/provider',
      body: JSON.stringify({
        apiVersion: 'externaldata.gatekeeper.sh/v1beta1',
        kind: 'ProviderRequest',
        request: { keys: Array.from({ length: 1001 }, () => 'x') },
      }),
    },
    400,
    /at most 1000/,
  ],
  [
    'a ProviderRequest with keys that are not strings',
    {
      path: '/v1/gatekeeper/provider',
      body: JSON.stringify({
        apiVersion: 'externaldata.gatekeeper.sh/v1beta1',
        kind: 'ProviderRequest',
        request: { keys: [1] },
      }),
    },
    400,
    /keys\[0\]: must be a string/,
  ],
  ['an unknown route', { path: '/v1/verdicts/delete' }, 404, /no route/],
  ['a wrong method', { method: 'DELETE', path: '/v1/verdicts' }, 405, /answers GET, not DELETE/],
];

let api: ApiFixture;

beforeAll(async () => {
  api = await startApiFixture('hostile');
  await api.record(imageKey('1'), observed('p', 0), passed('e', 10));
});

describe('hostile input', () => {
  it.each(CASES)('refuses %s with a clear 4xx and writes nothing', async (_name, event, status, message) => {
    api.calls.reset();
    const before = await api.itemCount();

    const response = await api.call(event);

    expect(response.statusCode).toBe(status);
    const body = response.json<{ error: { message: string } }>();
    expect(body.error.message).toMatch(message);
    expect(api.calls.writes).toBe(0);
    expect(api.calls.itemsWritten).toBe(0);
    expect(await api.itemCount()).toBe(before);
  });

  it('denies hostile images inside an AdmissionReview by name, with the uid, writing nothing', async () => {
    const before = await api.itemCount();
    const pod = workload('Pod', {
      containers: [
        `${REGISTRY}/team/app$(reboot)@${DIGEST}`,
        '"; kubectl delete ns prod',
        refOf(imageKey('1')),
      ],
    });

    const response = await api.call({
      path: '/v1/admission/validate',
      body: JSON.stringify(admissionReview('Pod', pod, { uid: 'u-1' })),
    });

    expect(response.statusCode).toBe(200);
    const { response: answer } = response.json<{
      response: { uid: string; allowed: boolean; status: { message: string } };
    }>();
    expect(answer).toMatchObject({ uid: 'u-1', allowed: false });
    expect(answer.status.message).toContain("contains '$' at character");
    expect(answer.status.message).toContain('2 of 3 image(s) may not run');
    expect(await api.itemCount()).toBe(before);
  });

  it('denies an AdmissionReview with 1001 containers without reading', async () => {
    api.calls.reset();
    const pod = workload('Pod', { containers: Array.from({ length: 1001 }, () => refOf(imageKey('1'))) });

    const response = await api.call({
      path: '/v1/admission/validate',
      body: JSON.stringify(admissionReview('Pod', pod)),
    });

    expect(response.statusCode).toBe(200);
    expect(response.body).toMatch(/"allowed":false.*1001 images; image-trust checks at most 1000/);
    expect(api.calls.history()).toEqual([]);
  });

  it('answers injection attempts in Gatekeeper keys with denials, not errors', async () => {
    const keys = ['$(reboot)', `${REGISTRY}/team/app';--@${DIGEST}`];

    const response = await api.call({
      path: '/v1/gatekeeper/provider',
      body: JSON.stringify({
        apiVersion: 'externaldata.gatekeeper.sh/v1beta1',
        kind: 'ProviderRequest',
        request: { keys },
      }),
    });

    expect(response.statusCode).toBe(200);
    const items = response.json<{ response: { items: { key: string; value: { allowed: boolean } }[] } }>()
      .response.items;
    expect(items.map((i) => [i.key, i.value.allowed])).toEqual([
      [keys[0], false],
      [keys[1], false],
    ]);
  });
});
