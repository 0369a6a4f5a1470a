import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLatencyProxy, startUnixLatencyProxy, type LatencyProxy } from '../../harness/latency-proxy';

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
});
