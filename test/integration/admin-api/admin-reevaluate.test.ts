import '../http/quiet-powertools';
import { adminDepsFromEnv } from '../../../functions/admin-api/admin-deps';
import type { AdminAnswer } from '../../../functions/admin-api/admin-routes';
import { createAdminHandler } from '../../../functions/admin-api/handler';
import { observed, passed } from '../../unit/core/verdict/verdict-events';
import { apiEvent, lambdaContext } from '../http/api-events';
import { IAM_CALLER, REGISTRY, key, ref, startAdminFixture, type AdminFixture } from './admin-fixture';

let admin: AdminFixture;

beforeAll(async () => {
  admin = await startAdminFixture('reevaluate');
});

describe('POST /v1/admin/reevaluate', () => {
  it('hands a re-evaluation to the signer and answers 202 with the verdict as it stands', async () => {
    // Prepare
    const k = key('5');
    await admin.record(k, observed('p5', 0), passed('e5', 10));
    admin.handedOff.length = 0;

    // Act
    const response = await admin.call({
      method: 'POST',
      path: '/v1/admin/reevaluate',
      body: JSON.stringify({ image: ref(k), reason: 'new policy' }),
    });

    // Assess
    expect(response.statusCode).toBe(202);
    const body = response.json<AdminAnswer>();
    expect(body).toMatchObject({ action: 'reevaluation-requested', verdict: { status: 'VERIFIED' } });
    expect(admin.handedOff).toEqual([
      {
        type: 'ReevaluationRequested',
        image: k,
        id: body.eventId,
        at: expect.any(String),
        reason: `new policy (requested by ${IAM_CALLER})`,
        operator: true,
      },
    ]);
  });

  it('gives a default reason, and answers UNKNOWN for a digest without a verdict', async () => {
    // Prepare
    admin.handedOff.length = 0;

    // Act
    const response = await admin.call({
      method: 'POST',
      path: '/v1/admin/reevaluate',
      body: JSON.stringify({ image: ref(key('6')) }),
    });

    // Assess
    expect(response.statusCode).toBe(202);
    expect(response.json()).toMatchObject({ verdict: { status: 'UNKNOWN' } });
    expect(admin.handedOff[0]).toMatchObject({
      reason: expect.stringMatching(/^re-evaluation requested by hand/),
    });
  });

  it('answers 400 for a tag-only reference and hands nothing off', async () => {
    // Prepare
    admin.handedOff.length = 0;

    // Act
    const response = await admin.call({
      method: 'POST',
      path: '/v1/admin/reevaluate',
      body: JSON.stringify({ image: `${REGISTRY}/team/app:v1` }),
    });

    // Assess
    expect(response.statusCode).toBe(400);
    expect(admin.handedOff).toEqual([]);
  });
});

describe('admin routes', () => {
  it('answers 404 for an unknown route and 405 for a wrong method', async () => {
    // Act
    const unknown = await admin.call({ method: 'POST', path: '/v1/admin/delete', body: '{}' });
    const get = await admin.call({ method: 'GET', path: '/v1/admin/revoke' });

    // Assess
    expect(unknown.statusCode).toBe(404);
    expect(get.statusCode).toBe(405);
    expect(get.headers.allow).toBe('POST');
  });

  it('answers 500 without details when the environment is incomplete', async () => {
    // Prepare
    const handler = createAdminHandler(() => adminDepsFromEnv({ TABLE_NAME: 't' }));

    // Act
    const result = await handler(
      apiEvent({ method: 'POST', path: '/v1/admin/revoke', body: '{}' }),
      lambdaContext,
    );

    // Assess
    expect(result.statusCode).toBe(500);
    expect(result.body).not.toContain('SIGNER_QUEUE_URL');
  });
});
