import { createServer } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startUnixLatencyProxy } from '../../harness/latency-proxy';

describe('the benchmarks’ latency proxy in front of a unix socket', () => {
  it('adds its round trip to every request and passes bodies intact', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'unix-latency-'));
    const socketPath = join(dir, 'service.sock');
    const server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => res.end(`echo:${body}`));
    });
    await new Promise<void>((r) => server.listen(socketPath, r));
    const proxy = await startUnixLatencyProxy(socketPath, 60);
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
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
