import { createServer, request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A running timing proxy: `url` stands in for the upstream's. */
export interface TimingProxy {
  readonly url: string;
  close(): Promise<void>;
}

/**
 * An HTTP pass-through that leaves every header as sent (signed AWS requests stay valid) and reports
 * each request with the time its answer took, for the benchmarks to see how fast a local service
 * answers under load.
 */
export async function startTimingProxy(
  upstreamUrl: string,
  onAnswered: (headers: IncomingHttpHeaders, ms: number) => void,
): Promise<TimingProxy> {
  const upstream = new URL(upstreamUrl);
  const server = createServer((incoming, outgoing) => {
    const at = performance.now();
    const forwarded = httpRequest(
      {
        host: upstream.hostname,
        port: upstream.port,
        method: incoming.method,
        path: incoming.url,
        headers: incoming.headers,
      },
      (answer) => {
        outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(outgoing);
        answer.on('end', () => onAnswered(incoming.headers, performance.now() - at));
      },
    );
    forwarded.on('error', () => outgoing.destroy());
    incoming.pipe(forwarded);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
