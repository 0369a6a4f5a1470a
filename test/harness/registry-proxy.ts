import {
  type IncomingHttpHeaders,
  type IncomingMessage,
  createServer,
  request as httpRequest,
} from 'node:http';
import type { AddressInfo } from 'node:net';

/** A request as the proxy received it, body read in full. */
export interface ProxyRequest {
  readonly method: string;
  /** Path and query, e.g. `/v2/team/app/manifests/v1`. */
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
}

export interface ProxyResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly body: Buffer;
}

/** Sends a request (by default the one received) on to the upstream registry. */
export type Forward = (request?: Partial<ProxyRequest>) => Promise<ProxyResponse>;

/** Decides what the proxy answers: forward as is, change the request or the answer, or answer itself. */
export type ProxyHandler = (
  request: ProxyRequest,
  forward: Forward,
) => Promise<ProxyResponse> | ProxyResponse;

export interface RegistryProxy {
  /** e.g. http://127.0.0.1:40123 */
  readonly url: string;
  /** e.g. 127.0.0.1:40123, the registry part of an image reference */
  readonly host: string;
  /** Every request received, in order (what `Authorization` it carried included). */
  readonly received: ProxyRequest[];
  /** TCP connections accepted so far (a client that keeps its connections alive opens few). */
  connections(): number;
  close(): Promise<void>;
}

/**
 * A small real HTTP server on 127.0.0.1 in front of a real registry, for tests that need a registry to
 * misbehave: fail some requests, demand authentication, redirect, change answers. Requests reach the
 * upstream with the proxy's `Host`, so the registry's absolute `Location` URLs point back at the proxy.
 */
export async function startRegistryProxy(
  upstreamUrl: string,
  handler: ProxyHandler = (_request, forward) => forward(),
): Promise<RegistryProxy> {
  const upstream = new URL(upstreamUrl);
  const received: ProxyRequest[] = [];
  let host = '';
  const server = createServer((incoming, outgoing) => {
    void (async () => {
      const request: ProxyRequest = {
        method: incoming.method ?? 'GET',
        path: incoming.url ?? '/',
        headers: incoming.headers,
        body: await readAll(incoming),
      };
      received.push(request);
      const forward: Forward = (changes = {}) => send(upstream, host, { ...request, ...changes });
      try {
        const response = await handler(request, forward);
        outgoing.writeHead(response.status, withoutHopHeaders(response.headers));
        outgoing.end(request.method === 'HEAD' ? undefined : response.body);
      } catch (error) {
        outgoing.writeHead(599, { 'content-type': 'text/plain' });
        outgoing.end(`proxy handler failed: ${String(error)}`);
      }
    })();
  });
  let connections = 0;
  server.on('connection', () => connections++);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: `http://${host}`,
    host,
    received,
    connections: () => connections,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A plain answer of the proxy's own. */
export function reply(
  status: number,
  body: string | Buffer = '',
  headers: Record<string, string> = {},
): ProxyResponse {
  const bytes = typeof body === 'string' ? Buffer.from(body) : body;
  return { status, headers: { 'content-length': String(bytes.byteLength), ...headers }, body: bytes };
}

/** A distribution-style JSON error answer. */
export function registryError(
  status: number,
  code: string,
  message: string,
  headers: Record<string, string> = {},
): ProxyResponse {
  return reply(status, JSON.stringify({ errors: [{ code, message }] }), {
    'content-type': 'application/json',
    ...headers,
  });
}

function send(upstream: URL, proxyHost: string, request: ProxyRequest): Promise<ProxyResponse> {
  return new Promise((resolve, reject) => {
    const headers: IncomingHttpHeaders = { ...request.headers, host: proxyHost };
    delete headers.authorization;
    delete headers['transfer-encoding'];
    headers['content-length'] = String(request.body.byteLength);
    const outgoing = httpRequest(
      { host: upstream.hostname, port: upstream.port, method: request.method, path: request.path, headers },
      (incoming) => {
        void readAll(incoming).then(
          (body) => resolve({ status: incoming.statusCode ?? 502, headers: incoming.headers, body }),
          reject,
        );
      },
    );
    outgoing.on('error', reject);
    outgoing.end(request.body);
  });
}

async function readAll(stream: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function withoutHopHeaders(
  headers: Readonly<Record<string, string | string[] | undefined>>,
): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [key, value] of Object.entries(headers)) {
    if (value === undefined || ['connection', 'transfer-encoding', 'keep-alive'].includes(key)) continue;
    out[key] = value;
  }
  return out;
}
