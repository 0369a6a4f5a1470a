import { Agent, createServer, request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A running timing proxy: `url` (and `host`, 127.0.0.1:PORT) stand in for the upstream's. */
export interface TimingProxy {
  readonly url: string;
  readonly host: string;
  close(): Promise<void>;
}

export interface TimingProxyOptions {
  /**
   * Added to every request's round trip, half before the request goes on, half before its answer comes
   * back (issue 14's per-request delays), as test/harness/latency-proxy.ts adds it on the TCP stream.
   * Default 0.
   */
  readonly roundTripMs?: number;
  /**
   * The upstream's unix socket, connected to instead of the URL's host and port (DynamoDB Local's, inside
   * its network namespace: one relay fewer, as the lookup benchmark's latency proxy does).
   */
  readonly socketPath?: string;
}

/**
 * An HTTP pass-through that leaves every header as sent (signed AWS requests stay valid; a registry's
 * `Location`s point back at the proxy, the `Host` its clients named) and reports each request with the
 * time its answer took, delay included, for the benchmarks to count requests and see how fast a local
 * service answers under load. Bodies are streamed, never held: one HTTP hop that also delays costs the
 * benchmark's process less CPU than an HTTP proxy in front of a TCP delay.
 */
export async function startTimingProxy(
  upstreamUrl: string,
  onAnswered: (headers: IncomingHttpHeaders, ms: number) => void,
  { roundTripMs = 0, socketPath }: TimingProxyOptions = {},
): Promise<TimingProxy> {
  const upstream = new URL(upstreamUrl);
  const oneWay = roundTripMs / 2;
  const later = (then: () => void) => (oneWay > 0 ? setTimeout(then, oneWay) : then());
  const agent = new Agent({ keepAlive: true });
  const server = createServer((incoming, outgoing) => {
    const at = performance.now();
    later(() => {
      const forwarded = httpRequest(
        {
          ...(socketPath === undefined ? { host: upstream.hostname, port: upstream.port } : { socketPath }),
          method: incoming.method,
          path: incoming.url,
          headers: incoming.headers,
          agent,
        },
        (answer) => {
          answer.on('end', () => onAnswered(incoming.headers, performance.now() - at));
          later(() => {
            outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
            answer.pipe(outgoing);
          });
        },
      );
      forwarded.on('error', () => outgoing.destroy());
      incoming.pipe(forwarded);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: `http://${host}`,
    host,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        agent.destroy();
        server.close(() => resolve());
      }),
  };
}
