import '../http/quiet-powertools';
import type { AdminAnswer } from '../../../functions/admin-api/admin-routes';
import { observed, passed } from '../../unit/core/verdict/verdict-events';
import { IAM_CALLER, REGISTRY, key, ref, startAdminFixture, type AdminFixture } from './admin-fixture';

let admin: AdminFixture;

beforeAll(async () => {
  admin = await startAdminFixture('revoke');
});

const revoke = (
  body: unknown,
  options: { auth?: 'iam' | 'none' | { subject: string }; headers?: Record<string, string> } = {},
) => admin.call({ method: 'POST', path: '/v1/admin/revoke', body: JSON.stringify(body), ...options });

describe('POST /v1/admin/revoke', () => {
  it('turns a VERIFIED image REVOKED, with the reason and the caller, and answers the verdict', async () => {
    // Prepare
    const k = key('1');
    await admin.record(k, observed('p1', 0), passed('e1', 10));

    // Act
    const response = await revoke({ image: ref(k), reason: 'signing key of the CI leaked' });

    // Assess
    expect(response.statusCode).toBe(200);
    const body = response.json<AdminAnswer>();
    expect(body).toMatchObject({
      action: 'revoked',
      changed: true,
      eventId: expect.stringMatching(/^manual:[0-9a-f-]{36}$/),
      verdict: {
        image: ref(k),
        allowed: false,
        status: 'REVOKED',
        checks: { scan: 'pass', signature: 'fail' },
        reasons: [
          {
            layer: 'signature',
            code: 'MANUAL',
            message: `revoked by ${IAM_CALLER}: signing key of the CI leaked`,
          },
        ],
      },
    });
    const stored = await admin.store.get(k);
    expect(stored).toMatchObject({ status: 'REVOKED', reasons: [{ code: 'MANUAL' }] });
    const [latest] = await admin.store.history(k, 1);
    expect(latest).toMatchObject({
      status: 'REVOKED',
      previousStatus: 'VERIFIED',
      event: { id: body.eventId },
    });
  });

  it.each([
    ['a tag-only reference', { image: `${REGISTRY}/team/app:v1`, reason: 'x' }, /has no digest/],
    ['no reason', { image: ref(key('2')) }, /reason/],
    ['an empty reason', { image: ref(key('2')), reason: ' ' }, /reason must not be empty/],
    ['a reason over 500 characters', { image: ref(key('2')), reason: 'x'.repeat(501) }, /limit is 500/],
    ['an unknown field', { image: ref(key('2')), reason: 'x', force: true }, /unknown field 'force'/],
    ['a body that is not an object', ['x'], /invalid revoke request/],
  ])('answers 400 for %s and writes nothing', async (_what, body, message) => {
    // Prepare
    const k = key('2');
    await admin.record(k, observed('p2', 0), passed('e2', 10));
    const before = await admin.itemCount();
    const version = (await admin.store.get(k))?.version;

    // Act
    const response = await revoke(body);

    // Assess
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({
      error: { code: 'INVALID_INPUT', message: expect.stringMatching(message) },
    });
    expect(await admin.itemCount()).toBe(before);
    expect((await admin.store.get(k))?.version).toBe(version);
  });

  it('answers 400 for a body that is not JSON, and 415 for one that is not JSON by type', async () => {
    // Act
    const broken = await admin.call({ method: 'POST', path: '/v1/admin/revoke', body: '{"image":' });
    const text = await admin.call({
      method: 'POST',
      path: '/v1/admin/revoke',
      body: 'image=x',
      headers: { 'content-type': 'text/plain' },
    });

    // Assess
    expect(broken.statusCode).toBe(400);
    expect(text.statusCode).toBe(415);
  });

  it('answers 404 for a digest without a verdict, and writes nothing', async () => {
    // Prepare
    const before = await admin.itemCount();

    // Act
    const response = await revoke({ image: ref(key('3')), reason: 'x' });

    // Assess
    expect(response.statusCode).toBe(404);
    expect(response.json()).toMatchObject({ error: { code: 'NOT_FOUND' } });
    expect(await admin.itemCount()).toBe(before);
  });

  it('refuses a request without a caller, and a client certificate, with 403', async () => {
    // Prepare
    const k = key('4');
    await admin.record(k, observed('p4', 0), passed('e4', 10));

    // Act
    const none = await revoke({ image: ref(k), reason: 'x' }, { auth: 'none' });
    const mtls = await revoke({ image: ref(k), reason: 'x' }, { auth: { subject: 'CN=kube-apiserver' } });

    // Assess
    expect([none.statusCode, mtls.statusCode]).toEqual([403, 403]);
    expect(mtls.body).toMatch(/need an IAM caller/);
    expect((await admin.store.get(k))?.status).toBe('VERIFIED');
  });

  it('names the caller from the IAM authorizer context only, never from the request', async () => {
    // Prepare
    const k = key('5');
    await admin.record(k, observed('p5', 0), passed('e5', 10));
    const forged = 'arn:aws:iam::123456789012:role/someone-else';
    const headers = { 'x-amz-user-arn': forged, 'x-forwarded-user': forged, 'x-image-trust-caller': forged };

    // Act
    const bodyClaim = await revoke({ image: ref(k), reason: 'x', by: forged, caller: forged }, { headers });
    const withoutAuthorizer = await revoke({ image: ref(k), reason: 'x' }, { auth: 'none', headers });
    const revoked = await revoke({ image: ref(k), reason: 'leaked' }, { headers });

    // Assess
    expect(bodyClaim.statusCode).toBe(400);
    expect(withoutAuthorizer.statusCode).toBe(403);
    expect(revoked.statusCode).toBe(200);
    expect(JSON.stringify(revoked.json<AdminAnswer>().verdict)).toContain(`revoked by ${IAM_CALLER}: leaked`);
    expect(revoked.body).not.toContain(forged);
  });
});
