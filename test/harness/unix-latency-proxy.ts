import { createServer, connect, type AddressInfo, type Server, type Socket } from 'node:net';
import type { LatencyProxy } from './latency-proxy';

/**
 * startLatencyProxy (latency-proxy.ts) for a service reached through a unix socket: the same delay per
 * chunk, in both directions and in order, but each connection goes to `socketPath`. The lookup benchmark
 * puts it in front of DynamoDB Local's socket (dynamodb-local.ts), so that the DynamoDB path has one
 * relay (the one inside DynamoDB Local's network namespace, our sandboxing) instead of two, as the
 * registry path has none.
 *
 * @param socketPath the unix socket of the service to put the delay in front of
 * @param roundTripMs added to every request/response round trip (split evenly over both directions)
 */
export async function startUnixLatencyProxy(socketPath: string, roundTripMs: number): Promise<LatencyProxy> {
  const oneWay = roundTripMs / 2;
  let accepted = 0;
  const sockets = new Set<Socket>();
  const relay = (from: Socket, to: Socket) => {
    from.on('data', (chunk) => {
      setTimeout(() => to.writable && to.write(chunk), oneWay);
    });
    from.on('end', () => setTimeout(() => to.end(), oneWay));
    from.on('error', () => to.destroy());
    from.on('close', () => setTimeout(() => to.destroy(), oneWay));
  };
  const server: Server = createServer((client) => {
    accepted += 1;
    const up = connect(socketPath);
    sockets.add(client).add(up);
    client.on('close', () => sockets.delete(client));
    up.on('close', () => sockets.delete(up));
    relay(client, up);
    relay(up, client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    host,
    url: `http://${host}`,
    connections: () => accepted,
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
