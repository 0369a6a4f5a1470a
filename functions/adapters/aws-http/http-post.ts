import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';

/** An answer: its status and its body as text. */
export interface PostAnswer {
  readonly status: number;
  readonly text: string;
}

/**
 * POSTs to one endpoint over node:http(s), as the SDK's own handler does, with the connection kept
 * alive between calls (one agent per endpoint). Cheaper per call than fetch, whose Request, Response
 * and web streams are allocated for every call on the lookup's path.
 */
export class HttpPost {
  private readonly agent: HttpAgent;
  private readonly send: typeof httpRequest;

  constructor(private readonly url: URL) {
    const https = url.protocol === 'https:';
    this.agent = https ? new HttpsAgent({ keepAlive: true }) : new HttpAgent({ keepAlive: true });
    this.send = https ? httpsRequest : httpRequest;
  }

  /**
   * Sends `body` with `headers` (and `host`, the URL's) and reads the whole answer.
   *
   * @throws an Error named `TimeoutError` after `timeoutMs`, or the socket's error (with its `code`)
   */
  post(headers: Record<string, string>, body: string, timeoutMs: number): Promise<PostAnswer> {
    const { url } = this;
    return new Promise<PostAnswer>((resolve, reject) => {
      let timer: NodeJS.Timeout | undefined = undefined;
      const settle =
        <T>(done: (value: T) => void) =>
        (value: T) => {
          clearTimeout(timer);
          done(value);
        };
      const request = this.send(
        {
          agent: this.agent,
          method: 'POST',
          protocol: url.protocol,
          hostname: url.hostname.replace(/^\[(.*)\]$/, '$1'),
          port: url.port,
          path: `${url.pathname}${url.search}`,
          headers: { ...headers, host: url.host, 'content-length': String(Buffer.byteLength(body)) },
        },
        (response) => void readAll(response).then(settle(resolve), settle(reject)),
      );
      timer = setTimeout(() => {
        const timeout = new Error(`no answer within ${timeoutMs} ms`);
        timeout.name = 'TimeoutError';
        request.destroy(timeout);
      }, timeoutMs);
      request.once('error', settle(reject));
      request.end(body);
    });
  }
}

function readAll(response: IncomingMessage): Promise<PostAnswer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    response.on('data', (chunk: Buffer) => chunks.push(chunk));
    response.once('error', reject);
    response.once('end', () =>
      resolve({ status: response.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }),
    );
  });
}
