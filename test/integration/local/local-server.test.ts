import { request } from 'node:http';
import type { Server } from 'node:http';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { NOTIFICATIONS_PATH, startLocalServer } from '../../../bin/local/local-server';
import { WEBHOOK_ROUTE_KEY } from '../../../functions/admission-webhook/webhook-request-handler';
import type { WorkQueue } from '../../../bin/local/work-queue';
import { freePort } from '../../../bin/local/services/free-port';

interface Answer {
  readonly status: number;
  readonly body: string;
}

/** node:http, not fetch: fetch will not send a Host header of our choosing. */
function send(
  port: number,
  path: string,
  options: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, path, method: options.method ?? 'GET', headers: options.headers },
      (res) => {
        let body = '';
        res.on('data', (chunk: Buffer) => (body += chunk.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

const TOKEN = 'registry-token-for-this-test';
const SECRET_IN_ERROR =
  'arn:aws:dynamodb:us-east-1:123456789012:table/secret at Object.<anonymous> (/srv/x.js:1:1)';

describe('the local server (npm start) refuses what a browser page could send', () => {
  let server: Server;
  let port: number;
  const handled: string[] = [];
  const webhookEvents: APIGatewayProxyEventV2[] = [];

  beforeAll(async () => {
    port = await freePort();
    server = await startLocalServer({
      host: '127.0.0.1',
      port,
      registryHost: '127.0.0.1:5000',
      notificationToken: TOKEN,
      // No notification in these tests names an event: the queue is never reached.
      queue: {} as WorkQueue,
      api: async (event) => {
        handled.push(event.rawPath);
        if (event.rawPath === '/boom') throw new Error(SECRET_IN_ERROR);
        return { statusCode: 200, body: '{"ok":true}' };
      },
      admin: async () => ({ statusCode: 200, body: '{}' }),
      webhook: async (event) => {
        webhookEvents.push(event);
        if (event.pathParameters?.credential === 'boom-credential') throw new Error('webhook failed');
        return { statusCode: 200, body: '{"webhook":true}' };
      },
    });
  });
  afterAll(() => new Promise<void>((done) => server.close(() => done())));
  beforeEach(() => {
    handled.length = 0;
    webhookEvents.length = 0;
  });

  it('answers a loopback Host, by address or by name, with or without its port', async () => {
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`, 'localhost'])
      expect((await send(port, '/healthz', { headers: { host } })).status).toBe(200);
    expect(handled).toHaveLength(4);
  });

  it('refuses a Host that is not loopback (DNS rebinding) before any handler runs', async () => {
    for (const host of [
      'evil.example',
      `evil.example:${port}`,
      `127.0.0.1.evil.example:${port}`,
      '10.0.0.1',
    ]) {
      const answer = await send(port, '/healthz', { headers: { host } });
      expect(answer.status).toBe(403);
      expect(JSON.parse(answer.body)).toMatchObject({ error: { code: 'FORBIDDEN_HOST' } });
    }
    expect(handled).toHaveLength(0);
  });

  it('refuses a foreign Origin and accepts its own', async () => {
    const foreign = await send(port, '/healthz', { headers: { origin: 'http://evil.example' } });
    expect(foreign.status).toBe(403);
    expect(JSON.parse(foreign.body)).toMatchObject({ error: { code: 'FORBIDDEN_ORIGIN' } });
    const otherPort = await send(port, '/healthz', { headers: { origin: `http://127.0.0.1:${port + 1}` } });
    expect(otherPort.status).toBe(403);
    const own = await send(port, '/healthz', { headers: { origin: `http://127.0.0.1:${port}` } });
    expect(own.status).toBe(200);
  });

  it('refuses a POST whose body is not JSON (a form a page can send without a preflight)', async () => {
    for (const type of [
      'text/plain',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
      '',
    ]) {
      const answer = await send(port, '/v1/admin/revocations', {
        method: 'POST',
        headers: type ? { 'content-type': type } : {},
        body: '{}',
      });
      expect(answer.status).toBe(415);
    }
    const json = await send(port, '/v1/verdicts:batch', {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8' },
      body: '{}',
    });
    expect(json.status).toBe(200);
  });

  it('takes registry notifications only with the registry token', async () => {
    const body = JSON.stringify({ events: [] });
    const headers = { 'content-type': 'application/vnd.docker.distribution.events.v1+json' };
    const post = (authorization?: string) =>
      send(port, NOTIFICATIONS_PATH, {
        method: 'POST',
        headers: authorization ? { ...headers, authorization } : headers,
        body,
      });
    expect((await post()).status).toBe(401);
    expect((await post(`Bearer ${TOKEN}x`)).status).toBe(401);
    expect((await post(`Bearer ${TOKEN.slice(0, -1)}`)).status).toBe(401);
    expect((await post(`Basic ${TOKEN}`)).status).toBe(401);
    const accepted = await post(`Bearer ${TOKEN}`);
    expect(accepted.status).toBe(200);
    expect(JSON.parse(accepted.body)).toEqual({ handled: 0, parked: 0 });
  });

  it('answers a failure with a code and a request id, never the error itself', async () => {
    const stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const answer = await send(port, '/boom');
    stderr.mockRestore();
    expect(answer.status).toBe(500);
    expect(JSON.parse(answer.body)).toEqual({
      error: { code: 'INTERNAL', message: expect.any(String), requestId: expect.stringMatching(/^local-/) },
    });
    expect(answer.body).not.toMatch(/arn:|secret|\/srv\/|Error/);
  });

  it('sends the webhook path to the webhook handler as API Gateway routes it, the credential decoded', async () => {
    const json = { 'content-type': 'application/json' };
    const post = await send(port, '/v1/admission/abc%2D1', { method: 'POST', headers: json, body: '{}' });
    const get = await send(port, '/v1/admission/abc');
    const lookupRoute = await send(port, '/v1/admission', { method: 'POST', headers: json, body: '{}' });

    expect([post.status, get.status, lookupRoute.status]).toEqual([200, 200, 200]);
    expect(webhookEvents.map((e) => [e.routeKey, e.pathParameters?.credential])).toEqual([
      [WEBHOOK_ROUTE_KEY, 'abc-1'],
      ['$default', undefined],
    ]);
    expect(handled).toEqual(['/v1/admission']);
  });

  it('never writes a webhook credential to stderr, even when its handler fails', async () => {
    const lines: string[] = [];
    const stderr = jest
      .spyOn(process.stderr, 'write')
      .mockImplementation((chunk) => lines.push(String(chunk)) > 0);
    const answer = await send(port, '/v1/admission/boom-credential', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    stderr.mockRestore();

    expect(answer.status).toBe(500);
    expect(lines.join('')).toContain('POST /v1/admission/{credential}');
    expect(lines.join('')).not.toContain('boom-credential');
  });
});
