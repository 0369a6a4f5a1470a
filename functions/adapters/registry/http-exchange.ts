import { Agent as HttpAgent, type IncomingMessage, request as httpRequest } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { IncomingResponse } from './incoming-response';
import type { RegistryResponse } from './registry-response';

/** One HTTP request, redirects not followed. */
export interface HttpExchangeRequest {
  readonly method: string;
  readonly url: URL;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: Uint8Array;
  /** For the whole exchange, the response body included. */
  readonly timeoutMs: number;
}

/**
 * Sends HTTP requests over node:http(s) with connections kept alive (one agent per scheme, sockets
 * unbounded). Cheaper per request than fetch, whose Request, Headers, web streams, abort signals and
 * cancel exceptions are allocated for every request.
 */
export class HttpExchange {
  private readonly http: HttpAgent;
  private readonly https: HttpsAgent;

  /**
   * @param idleConnectionMs a kept-alive connection idle this long is closed (the agent's socket
   *   timeout destroys free sockets), before a registry or its load balancer closes it under a request
   */
  constructor(idleConnectionMs: number) {
    this.http = new HttpAgent({ keepAlive: true, timeout: idleConnectionMs });
    this.https = new HttpsAgent({ keepAlive: true, timeout: idleConnectionMs });
  }

  /**
   * Sends one request and resolves with its response once the headers came.
   *
   * @throws the socket's error (with its `code`), or an Error named `TimeoutError` after `timeoutMs`
   *   (also raised by the body's read when the time runs out while reading)
   */
  send(request: HttpExchangeRequest): Promise<RegistryResponse> {
    const { url, body, timeoutMs } = request;
    const secure = url.protocol === 'https:';
    const headers: Record<string, string> = { accept: '*/*', ...request.headers };
    if (body !== undefined || request.method === 'PUT' || request.method === 'POST')
      headers['content-length'] = String(body?.byteLength ?? 0);
    return new Promise((resolve, reject) => {
      let message: IncomingMessage | undefined;
      const outgoing = (secure ? httpsRequest : httpRequest)(
        {
          agent: secure ? this.https : this.http,
          method: request.method,
          protocol: url.protocol,
          hostname: url.hostname.replace(/^\[(.*)\]$/, '$1'),
          port: url.port,
          path: `${url.pathname}${url.search}`,
          headers,
        },
        (incoming) => {
          message = incoming;
          incoming.once('close', () => clearTimeout(timer));
          resolve(new IncomingResponse(incoming, url.href));
        },
      );
      const timer = setTimeout(() => {
        const timeout = new Error(`no answer within ${timeoutMs} ms`);
        timeout.name = 'TimeoutError';
        if (message) message.destroy(timeout);
        else outgoing.destroy(timeout);
      }, timeoutMs);
      // A response nobody reads is closed by the timer, which must not keep a process alive meanwhile.
      timer.unref();
      outgoing.on('error', (error) => {
        clearTimeout(timer);
        reject(error);
      });
      outgoing.end(body);
    });
  }
}
