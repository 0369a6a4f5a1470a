import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  startLatencyProxy,
  startUnixLatencyProxy,
  type LatencyProxy,
  type RequestHead,
} from '../../harness/latency-proxy';

/** An HTTP server answering `echo:<body>`. */
function echoServer(): Server {
  return createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => res.end(`echo:${body}`));
  });
}

/** Three POSTs through the proxy: each answered intact, none faster than the proxy's round trip. */
async function expectDelayedEcho(proxy: LatencyProxy, roundTripMs: number): Promise<void> {
  const times: number[] = [];
  for (let i = 0; i < 3; i++) {
    const start = performance.now();
    const res = await fetch(`${proxy.url}/x`, { method: 'POST', body: `n${i}` });
    expect(await res.text()).toBe(`echo:n${i}`);
    times.push(performance.now() - start);
  }
  expect(Math.min(...times)).toBeGreaterThanOrEqual(roundTripMs - 1);
}

describe('the benchmarks’ latency proxy', () => {
  it('adds its round trip to every request and passes bodies intact', async () => {
    const server = echoServer();
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const proxy = await startLatencyProxy(`127.0.0.1:${(server.address() as AddressInfo).port}`, 60);
    try {
      await expectDelayedEcho(proxy, 60);
    } finally {
      await proxy.close();
      await new Promise<void>((r) => server.close(() => r()));
    }
  });

  it('takes a new round trip for the requests after it is changed', async () => {
    const server = echoServer();
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const proxy = await startLatencyProxy(`127.0.0.1:${(server.address() as AddressInfo).port}`, 10);
    try {
      proxy.setRoundTripMs(80);
      await expectDelayedEcho(proxy, 80);
    } finally {
      await proxy.close();
      await new Promise<void>((r) => server.close(() => r()));
    }
  });

  it('does the same in front of a unix socket', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'unix-latency-'));
    const socketPath = join(dir, 'service.sock');
    const server = echoServer();
    await new Promise<void>((r) => server.listen(socketPath, r));
    const proxy = await startUnixLatencyProxy(socketPath, 60);
    try {
      await expectDelayedEcho(proxy, 60);
    } finally {
      await proxy.close();
      await new Promise<void>((r) => server.close(() => r()));
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('tells each request it relays, with its answer time, for fetch and a chunked node:http body', async () => {
    const server = echoServer();
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const answered: { head: RequestHead; ms: number }[] = [];
    const proxy = await startLatencyProxy(`127.0.0.1:${(server.address() as AddressInfo).port}`, 20, {
      onAnswered: (head, ms) => answered.push({ head, ms }),
    });
    try {
      await expectDelayedEcho(proxy, 20);
      expect(await (await fetch(`${proxy.url}/get`)).text()).toBe('echo:');
      const chunked = await new Promise<string>((resolve, reject) => {
        const req = request(`${proxy.url}/chunked`, { method: 'PUT' }, (res) => {
          let body = '';
          res.on('data', (c: Buffer) => (body += c.toString()));
          res.on('end', () => resolve(body));
        });
        req.on('error', reject);
        req.write('a');
        req.end('bc'); // no Content-Length: node:http sends it chunked
      });
      expect(chunked).toBe('echo:abc');

      expect(answered.map((a) => `${a.head.method} ${a.head.target}`)).toEqual([
        'POST /x',
        'POST /x',
        'POST /x',
        'GET /get',
        'PUT /chunked',
      ]);
      expect(answered[4]?.head.headers['transfer-encoding']).toBe('chunked');
      expect(Math.min(...answered.map((a) => a.ms))).toBeGreaterThanOrEqual(19);
    } finally {
      await proxy.close();
      await new Promise<void>((r) => server.close(() => r()));
    }
  });
});
