import { connect, createServer, type Server, type Socket } from 'node:net';

/** A TCP listener on one loopback address that forwards every connection to a unix socket. */
export interface UnixSocketProxy {
  readonly port: number;
  close(): Promise<void>;
}

/**
 * Listens on `host:port` (a loopback address) and pipes each connection to `socketPath`. Unix sockets live
 * in the file system, not in a network namespace: this is how the host reaches a service that runs in a
 * loopback-only network namespace of its own (see dynamodb-local.ts).
 */
export async function startUnixSocketProxy(
  host: '127.0.0.1' | '::1',
  port: number,
  socketPath: string,
): Promise<UnixSocketProxy> {
  const open = new Set<Socket>();
  const server: Server = createServer((client) => {
    const upstream = connect(socketPath);
    for (const socket of [client, upstream]) {
      open.add(socket);
      socket.once('close', () => open.delete(socket));
    }
    client.on('error', () => upstream.destroy());
    upstream.on('error', () => client.destroy());
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const address = server.address();
  return {
    port: typeof address === 'object' && address ? address.port : port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of open) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/**
 * The same forwarder the other way round, as a script for `node -e SCRIPT SOCKET PORT`: inside the
 * namespace it listens on the unix socket and connects to the service's TCP port on the namespace's
 * loopback. It exits when its parent (the namespace's shell) goes away.
 */
export const UNIX_TO_TCP_RELAY = `
const net = require('node:net'); const fs = require('node:fs');
const [socketPath, port] = process.argv.slice(1);
fs.rmSync(socketPath, { force: true });
net.createServer((c) => {
  const u = net.connect(Number(port), '127.0.0.1');
  c.on('error', () => u.destroy()); u.on('error', () => c.destroy());
  c.pipe(u).pipe(c);
}).listen(socketPath);
const parent = process.ppid;
setInterval(() => { try { process.kill(parent, 0); } catch { process.exit(0); } }, 500);
`;
