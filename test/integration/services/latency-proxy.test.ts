import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startLatencyProxy } from '../../harness/latency-proxy';

describe('the benchmarks’ latency proxy', () => {
  it('adds its round trip to every request and passes bodies intact', async () => {
    const server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => res.end(`echo:${body}`));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const proxy = await startLatencyProxy(`127.0.0.1:${(server.address() as AddressInfo).port}`, 60);
    try {
      const times: number[] = [];
      for (let i = 0; i < 3; i++) {
        const start = performance.now();
        const res = await fetch(`${proxy.url}/x`, { method: 'POST', body: `n${i}` });
        expect(await res.text()).toBe(`echo:n${i}`);
        times.push(performance.now() - start);
      }
      expect(Math.min(...times)).toBeGreaterThanOrEqual(59);
    } finally {
      await proxy.close();
      await new Promise<void>((r) => server.close(() => r()));
    }
  });
});
