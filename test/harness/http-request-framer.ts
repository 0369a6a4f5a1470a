/** The head of one HTTP/1.1 request seen on a connection: its method, target and headers (lower-case). */
export interface RequestHead {
  readonly method: string;
  readonly target: string;
  readonly headers: Readonly<Record<string, string>>;
}

const CRLF = Buffer.from('\r\n');
const HEAD_END = Buffer.from('\r\n\r\n');
/** A request head (or a chunk-size line) longer than this is not HTTP this framer can follow. */
const MAX_LINE_BYTES = 64 * 1024;

type State =
  | { readonly mode: 'head' }
  | { readonly mode: 'body'; remaining: number }
  | { readonly mode: 'chunk-size' }
  | { readonly mode: 'chunk-data'; remaining: number }
  | { readonly mode: 'trailer' };

/**
 * Finds where each HTTP/1.1 request begins in the bytes a client sends on one connection, without
 * parsing more than the heads: bodies are skipped by their `Content-Length` or their chunked framing.
 * The latency proxy counts requests with it on the raw TCP stream, instead of an HTTP proxy per request
 * (the benchmarks' own CPU, taken from the services they measure). Stops telling (`failed`) on bytes it
 * cannot frame; the bytes are still relayed by its caller.
 */
export class HttpRequestFramer {
  private state: State = { mode: 'head' };
  private pending: Buffer = Buffer.alloc(0);
  failed = false;

  constructor(private readonly onRequest: (head: RequestHead) => void) {}

  /** Takes the next bytes the client sent. */
  push(chunk: Buffer): void {
    if (this.failed) return;
    let data = this.pending.length > 0 ? Buffer.concat([this.pending, chunk]) : chunk;
    this.pending = Buffer.alloc(0);
    while (data.length > 0 && !this.failed) data = this.step(data);
  }

  /** Consumes what it can of `data` in the current state; returns the rest. */
  private step(data: Buffer): Buffer {
    const state = this.state;
    switch (state.mode) {
      case 'head':
        return this.line(data, HEAD_END, (head) => this.head(head.toString('latin1')));
      case 'body':
      case 'chunk-data': {
        const taken = Math.min(state.remaining, data.length);
        state.remaining -= taken;
        if (state.remaining === 0) this.state = { mode: state.mode === 'body' ? 'head' : 'chunk-size' };
        return data.subarray(taken);
      }
      case 'chunk-size':
        return this.line(data, CRLF, (line) => {
          const size = Number.parseInt(line.toString('latin1').split(';')[0]!.trim(), 16);
          if (!Number.isFinite(size) || size < 0) this.failed = true;
          // A chunk's data is followed by CRLF; the last (size 0) chunk by trailers and an empty line.
          else this.state = size === 0 ? { mode: 'trailer' } : { mode: 'chunk-data', remaining: size + 2 };
        });
      case 'trailer':
        return this.line(data, CRLF, (line) => {
          if (line.length === 0) this.state = { mode: 'head' };
        });
    }
  }

  /** Up to the next `end`: handed to `take` without `end`; kept for the next push when not there yet. */
  private line(data: Buffer, end: Buffer, take: (line: Buffer) => void): Buffer {
    const at = data.indexOf(end);
    if (at < 0) {
      if (data.length > MAX_LINE_BYTES) this.failed = true;
      else this.pending = Buffer.from(data);
      return Buffer.alloc(0);
    }
    take(data.subarray(0, at));
    return data.subarray(at + end.length);
  }

  private head(text: string): void {
    const [requestLine = '', ...lines] = text.split('\r\n');
    const [method = '', target = ''] = requestLine.split(' ');
    const headers: Record<string, string> = {};
    for (const line of lines) {
      const colon = line.indexOf(':');
      if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
    }
    const chunked = /\bchunked\b/i.test(headers['transfer-encoding'] ?? '');
    const length = Number(headers['content-length'] ?? 0);
    if (!chunked && !(Number.isSafeInteger(length) && length >= 0)) {
      this.failed = true;
      return;
    }
    this.onRequest({ method, target, headers });
    if (chunked) this.state = { mode: 'chunk-size' };
    else if (length > 0) this.state = { mode: 'body', remaining: length };
  }
}
