import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { UpstreamError } from '../../../functions/core/errors';
import { pushImage } from '../../harness/image-builder';
import { type ProxyRequest, reply } from '../../harness/registry-proxy';
import {
  caught,
  failFirst,
  isManifestPut,
  proxy,
  testClient,
  uniqueRepository,
} from './oci-registry-client-fixture';

const isManifestGet = (tag: string) => (r: ProxyRequest) =>
  r.method === 'GET' && r.path.endsWith(`/manifests/${tag}`);

describe('connections kept alive, through a real proxy in front of the registry', () => {
  it('sends a push and its reads, HEADs, retries and refused answers over one connection', async () => {
    const counting = await proxy(failFirst(1, 503, isManifestPut));
    const { client, counter } = testClient();
    const repo = { registry: counting.host, repository: uniqueRepository('keep-alive') };

    // Act: every answer is read or discarded in turn, one request after another.
    const image = await pushImage(counting.url, repo.repository, { client, tags: 'v1' });
    const stored = await client.getManifest(repo, 'v1');
    const missing = await client.getManifest(repo, 'no-such-tag');
    const large = await client.pushBlob(repo, randomBytes(200_000), 'application/octet-stream');
    const present = await client.blobExists(repo, large.digest);
    const absent = await client.blobExists(repo, `sha256:${'0'.repeat(64)}`);
    const refused = await caught(client.getBlob(repo, `sha256:${'1'.repeat(64)}`));

    expect(stored?.digest).toBe(image.digest);
    expect(missing).toBeUndefined();
    expect([present, absent]).toEqual([true, false]);
    expect(refused.message).toMatch(/HTTP 404 BLOB_UNKNOWN/);
    expect(counter.count('PUT', 'manifest')).toBe(2); // the 503 and its retry
    expect(counter.total).toBeGreaterThan(10);
    expect(counting.connections()).toBe(1);
  });

  it.each([
    ['announced by Content-Length', { 'content-length': '5000' }],
    ['counted while read (chunked)', {}],
  ])(
    'closes the connection of a body over its limit (%s); the next request gets a new one',
    async (_, headers) => {
      const large = await proxy(async (request, forward) =>
        isManifestGet('large')(request)
          ? { status: 200, headers, body: Buffer.alloc(5000, 0x20) }
          : forward(),
      );
      const { client } = testClient({ limits: { manifestBytes: 1000 } });
      const repo = { registry: large.host, repository: uniqueRepository('large') };

      const error = await caught(client.getManifest(repo, 'large'));
      const afterwards = await client.getManifest(repo, 'absent');

      expect(error.message).toMatch(/larger than the limit of 1000 bytes/);
      expect(afterwards).toBeUndefined();
      expect(large.connections()).toBe(2);
    },
  );

  it('closes a connection left idle for idleConnectionMs; the next request opens a new one', async () => {
    const counting = await proxy(async (_request, forward) => forward());
    const { client } = testClient({ idleConnectionMs: 100 });
    const repo = { registry: counting.host, repository: uniqueRepository('idle') };

    await client.getManifest(repo, 'absent');
    await client.getManifest(repo, 'absent');
    const whileBusy = counting.connections();
    await new Promise((resolve) => setTimeout(resolve, 400));
    await client.getManifest(repo, 'absent');

    expect(whileBusy).toBe(1);
    expect(counting.connections()).toBe(2);
  });

  it('closes the connection of a long answer it does not read, drains a short one', async () => {
    const long = await proxy(async (request, forward) =>
      isManifestGet('long-404')(request) ? reply(404, Buffer.alloc(200_000, 0x20)) : forward(),
    );
    const { client } = testClient();
    const repo = { registry: long.host, repository: uniqueRepository('long') };

    await client.getManifest(repo, 'short-404');
    await client.getManifest(repo, 'short-404');
    const connectionsAfterShort = long.connections();
    await client.getManifest(repo, 'long-404');
    await client.getManifest(repo, 'short-404');

    expect(connectionsAfterShort).toBe(1);
    expect(long.connections()).toBe(2);
  });
});

describe('timeouts of a request whose answer stalls', () => {
  let server: Server;
  const sockets: Socket[] = [];
  const closed: Socket[] = [];
  afterEach(async () => {
    sockets.splice(0).forEach((socket) => socket.destroy());
    closed.length = 0;
    await new Promise((resolve) => server.close(resolve));
  });

  /** A real HTTP server that answers 200 with the start of a 100-byte body, then says nothing more. */
  async function stallingServer(): Promise<string> {
    server = createServer((_request, response) => {
      response.writeHead(200, { 'content-length': '100', 'content-type': 'application/octet-stream' });
      response.write(Buffer.alloc(10));
    });
    server.on('connection', (socket: Socket) => {
      sockets.push(socket);
      socket.on('close', () => closed.push(socket));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return `127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  it('times out reading a body that stops coming: a retryable UpstreamError, the connection closed', async () => {
    const host = await stallingServer();
    const { client } = testClient({ timeoutMs: 200 });
    const started = performance.now();

    const error = await caught(
      client.getBlob({ registry: host, repository: 'x/y' }, `sha256:${'2'.repeat(64)}`),
    );

    expect(error).toBeInstanceOf(UpstreamError);
    expect(error).toMatchObject({ retryable: true });
    expect(error.message).toMatch(/blob x\/y@sha256:2+: the body was cut short: request timed out/);
    expect(performance.now() - started).toBeGreaterThanOrEqual(190);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(closed).toHaveLength(1);
  });
});
