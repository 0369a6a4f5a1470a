import '../http/quiet-powertools';
import { ROUTES } from '../../../functions/lookup-api/routes';
import { startApiFixture, type ApiFixture } from './api-fixture';

let api: ApiFixture;

beforeAll(async () => {
  api = await startApiFixture('auth');
});

describe('authentication', () => {
  it.each(ROUTES.map((r) => [r.method, r.path] as const))(
    'refuses %s %s without an IAM caller or a client certificate (no open endpoint)',
    async (method, path) => {
      const response = await api.call({
        method,
        path,
        auth: 'none',
        ...(method === 'POST' ? { body: '{}' } : {}),
      });

      expect(response.statusCode).toBe(403);
      expect(response.json()).toMatchObject({
        error: { code: 'UNAUTHORIZED', message: expect.stringMatching(/SigV4 \(IAM\).*client certificate/) },
      });
    },
  );

  it('accepts an IAM caller, and a client certificate whose subject is configured', async () => {
    const auth = { allowedClientSubjects: ['CN=kube-apiserver'] };
    const iam = await api.call({ path: '/healthz', auth: 'iam' });
    const mtls = await api.call({ path: '/healthz', auth: { subject: 'CN=kube-apiserver' } }, { auth });

    expect([iam.statusCode, mtls.statusCode]).toEqual([200, 200]);
  });

  it('refuses every client certificate when no subject is configured (none means refuse)', async () => {
    const unset = await api.call({ path: '/healthz', auth: { subject: 'CN=kube-apiserver' } }, { auth: {} });
    const empty = await api.call(
      { path: '/healthz', auth: { subject: 'CN=kube-apiserver' } },
      { auth: { allowedClientSubjects: [] } },
    );

    expect([unset.statusCode, empty.statusCode]).toEqual([403, 403]);
    expect(unset.json()).toMatchObject({ error: { code: 'UNAUTHORIZED' } });
  });

  it('accepts only the configured certificate subjects', async () => {
    const auth = { allowedClientSubjects: ['CN=gatekeeper-webhook-service.gatekeeper-system.svc'] };

    const gatekeeper = await api.call(
      { path: '/healthz', auth: { subject: 'CN=gatekeeper-webhook-service.gatekeeper-system.svc' } },
      { auth },
    );
    const other = await api.call({ path: '/healthz', auth: { subject: 'CN=someone-else' } }, { auth });

    expect(gatekeeper.statusCode).toBe(200);
    expect(other.statusCode).toBe(403);
  });

  it('lets the local mode turn the check off explicitly', async () => {
    const response = await api.call({ path: '/healthz', auth: 'none' }, { auth: { requireCaller: false } });

    expect(response.statusCode).toBe(200);
  });

  it('answers routes under a named stage and with %3A for the colon', async () => {
    const body = '{"images":["nginx"]}';

    const encoded = await api.call({ method: 'POST', path: '/v1/verdicts%3Abatch', body });
    const staged = await api.call({ method: 'POST', path: '/prod/v1/verdicts:batch', body, stage: 'prod' });

    expect([encoded.statusCode, staged.statusCode]).toEqual([200, 200]);
  });
});
