import { createServer, connect, type AddressInfo, type Server, type Socket } from 'node:net';
import { HttpRequestFramer, type RequestHead } from './http-request-framer';

export type { RequestHead } from './http-request-framer';

/** A running latency proxy: `host` (127.0.0.1:PORT) and `url` stand in for the upstream's. */
export interface LatencyProxy {
  readonly host: string;
  readonly url: string;
  /** Connections accepted so far. */
  connections(): number;
  /** From now on, this round trip per request instead (chunks already scheduled keep theirs). */
  setRoundTripMs(roundTripMs: number): void;
  close(): Promise<void>;
}

export interface LatencyProxyOptions {
  /**
   * Told of every HTTP/1.1 request relayed, when the first bytes of its answer reach the client, with the
   * time since its head arrived (delays included). Requests are found on the TCP stream by their framing
   * (http-request-framer.ts), not by an HTTP proxy: the benchmarks count requests without spending the CPU
   * of one. For clients that wait for each answer before the next request on a connection, as ours,
   * the AWS SDK and cosign do (no pipelining).
   */
  readonly onAnswered?: (head: RequestHead, ms: number) => void;
}

/**
 * A TCP proxy that adds `roundTripMs` to every request: each chunk is delivered half of it after it
 * arrived, in both directions and in order, so a request and its response together take `roundTripMs`
 * longer. Throughput is not limited (chunks are scheduled, not queued behind each other), as on a long
 * network path. Used by the benchmarks so that both sides of a comparison pay the same per-hop delay
 * (issue 14's defaults: registry 10 ms, KMS 15 ms, DynamoDB 5 ms per request).
 *
 * @param upstream `host:port` or an http(s) URL of the service to put the delay in front of
 * @param roundTripMs added to every request/response round trip (split evenly over both directions)
 */
export async function startLatencyProxy(
  upstream: string,
  roundTripMs: number,
  options: LatencyProxyOptions = {},
): Promise<LatencyProxy> {
  const target = new URL(upstream.includes('://') ? upstream : `http://${upstream}`);
  const port = Number(target.port || (target.protocol === 'https:' ? 443 : 80));
  return delayedRelay(() => connect(port, target.hostname), roundTripMs, options);
}

/**
 * startLatencyProxy for a service reached through a unix socket: the same delay, each connection to
 * `socketPath`. The lookup benchmark puts it in front of DynamoDB Local's socket (dynamodb-local.ts), so
 * that the DynamoDB path has one relay (the one inside DynamoDB Local's network namespace, our
 * sandboxing) instead of two, as the registry path has none.
 */
export function startUnixLatencyProxy(
  socketPath: string,
  roundTripMs: number,
  options: LatencyProxyOptions = {},
): Promise<LatencyProxy> {
  return delayedRelay(() => connect(socketPath), roundTripMs, options);
}

/** Listens on 127.0.0.1 and relays each connection to `connectUp()`, every chunk `roundTripMs / 2` late. */
async function delayedRelay(
  connectUp: () => Socket,
  roundTripMs: number,
  { onAnswered }: LatencyProxyOptions,
): Promise<LatencyProxy> {
  let oneWay = roundTripMs / 2;
  let accepted = 0;
  const sockets = new Set<Socket>();
  const relay = (from: Socket, to: Socket, delivered?: () => void) => {
    from.on('data', (chunk) => {
      setTimeout(() => {
        if (to.writable) to.write(chunk);
        delivered?.();
      }, oneWay);
    });
    from.on('end', () => setTimeout(() => to.end(), oneWay));
    from.on('error', () => to.destroy());
    from.on('close', () => setTimeout(() => to.destroy(), oneWay));
  };
  const server: Server = createServer((client) => {
    accepted += 1;
    const up = connectUp();
    sockets.add(client).add(up);
    client.on('close', () => sockets.delete(client));
    up.on('close', () => sockets.delete(up));
    if (onAnswered === undefined) {
      relay(client, up);
      relay(up, client);
      return;
    }
    const unanswered: { head: RequestHead; at: number }[] = [];
    const framer = new HttpRequestFramer((head) => unanswered.push({ head, at: performance.now() }));
    client.on('data', (chunk: Buffer) => framer.push(chunk));
    relay(client, up);
    relay(up, client, () => {
      const answered = unanswered.shift();
      if (answered) onAnswered(answered.head, performance.now() - answered.at);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    host,
    url: `http://${host}`,
    connections: () => accepted,
    setRoundTripMs: (ms) => {
      oneWay = ms / 2;
    },
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
