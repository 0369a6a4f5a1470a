import { Agent, request, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startLocalServer } from '../../../bin/local/local-server';
import type { WorkQueue } from '../../../bin/local/work-queue';

const MiB = 1024 * 1024;
let server: Server;
let port: number;
const handled: string[] = [];

beforeAll(async () => {
  const api = async (event: { rawPath: string }) => {
    handled.push(event.rawPath);
    return { statusCode: 200, headers: { 'content-type': 'application/json' }, body: '{"ok":true}' };
  };
  server = await startLocalServer({
    host: '127.0.0.1',
    port: 0,
    registryHost: '127.0.0.1:5000',
    notificationToken: 'test-notification-token',
    queue: {} as WorkQueue,
    api,
    admin: api,
    routes: [
      { method: 'POST', path: '/v1/verdicts:batch' },
      { method: 'GET', path: '/v1/verdicts' },
    ],
  });
  port = (server.address() as AddressInfo).port;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

interface Answer {
  readonly status: number;
  readonly headers: IncomingMessage['headers'];
  readonly ms: number;
}

/** One request; `body` written, and the request ended unless `leaveOpen`. */
function send(
  method: string,
  path: string,
  options: { body?: Buffer; leaveOpen?: boolean; agent?: Agent } = {},
): Promise<Answer> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    let answered = false;
    const headers = { 'content-type': 'application/json' }; // what the local server's guard asks of a POST
    const req = request(
      { host: '127.0.0.1', port, method, path, headers, agent: options.agent ?? false },
      (res) => {
        answered = true;
        res.resume();
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, ms: performance.now() - started }),
        );
      },
    );
    // The server closes the connection after refusing: a write still under way may then fail.
    req.on('error', (error) => (options.leaveOpen || answered ? undefined : reject(error)));
    if (options.body) req.write(options.body);
    if (!options.leaveOpen) req.end();
  });
}

describe('the local server', () => {
  it('answers 405 at once to a method a route does not take, with or without a body, before reading it', async () => {
    const withoutBody = await send('GET', '/v1/verdicts:batch');
    const unfinished = await send('PUT', '/v1/verdicts%3Abatch', {
      body: Buffer.alloc(1000, 0x20),
      leaveOpen: true,
    });

    expect(withoutBody.status).toBe(405);
    expect(withoutBody.headers.allow).toBe('POST');
    expect(unfinished.status).toBe(405);
    expect(unfinished.ms).toBeLessThan(2000);
    expect(handled).toEqual([]);
  });

  it('does not hold the next request on a keep-alive connection behind a body refused early (413)', async () => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const [refused, next] = await Promise.all([
        send('POST', '/v1/verdicts:batch', { body: Buffer.alloc(3 * MiB, 0x20), agent }),
        send('GET', '/v1/verdicts?image=x', { agent }),
      ]);

      expect(refused.status).toBe(413);
      expect(refused.headers.connection).toBe('close');
      expect(next.status).toBe(200);
      expect(next.ms).toBeLessThan(2000);
    } finally {
      agent.destroy();
    }
  });
});
