import type { IncomingMessage } from 'node:http';
import type { RegistryResponse } from './registry-response';

/**
 * Bodies up to this size (by `Content-Length`) are drained when discarded, so the connection is kept;
 * a longer or unannounced one closes it rather than download what nobody reads.
 */
export const DRAIN_LIMIT_BYTES = 64 * 1024;

/** A RegistryResponse over node:http's IncomingMessage, read with plain `data` events. */
export class IncomingResponse implements RegistryResponse {
  readonly status: number;
  readonly ok: boolean;
  readonly statusText: string;

  constructor(
    private readonly message: IncomingMessage,
    readonly url: string,
  ) {
    this.status = message.statusCode ?? 0;
    this.ok = this.status >= 200 && this.status <= 299;
    this.statusText = message.statusMessage ?? '';
    // A failure while nobody reads (a timeout, a reset) must not become an unhandled 'error' event.
    message.on('error', ignore);
  }

  header(name: string): string | null {
    return joined(this.message.headers[name]) ?? null;
  }

  headers(): Readonly<Record<string, string>> {
    const out: Record<string, string> = {};
    for (const [name, value] of Object.entries(this.message.headers)) {
      const text = joined(value);
      if (text !== undefined) out[name] = text;
    }
    return out;
  }

  read(limit: number): Promise<Uint8Array | undefined> {
    const { message } = this;
    if (Number(message.headers['content-length'] ?? NaN) > limit) {
      message.destroy();
      return Promise.resolve(undefined);
    }
    if (message.destroyed) return Promise.reject(message.errored ?? closedEarly());
    return new Promise((resolve, reject) => {
      const chunks: Buffer[] = [];
      let total = 0;
      message.on('data', (chunk: Buffer) => {
        total += chunk.byteLength;
        if (total <= limit) {
          chunks.push(chunk);
          return;
        }
        message.destroy();
        resolve(undefined);
      });
      message.once('end', () => resolve(concat(chunks, total)));
      message.once('error', reject);
      // After 'end' or an oversized body this settles nothing; otherwise the body was cut short.
      message.once('close', () => reject(message.errored ?? closedEarly()));
    });
  }

  discard(): Promise<void> {
    const { message } = this;
    if (message.destroyed || message.readableEnded) return Promise.resolve();
    const announced = Number(message.headers['content-length'] ?? NaN);
    // A HEAD's answer announces a length but is complete with its headers (parsed in the same turn).
    if (!message.complete && !(announced <= DRAIN_LIMIT_BYTES)) {
      message.destroy();
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      message.once('close', resolve);
      message.resume();
    });
  }
}

function joined(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value.join(', ') : value;
}

/** A fresh array of exactly the body's bytes (socket chunks are views into larger buffers). */
function concat(chunks: readonly Buffer[], total: number): Uint8Array {
  const out = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return out;
}

function closedEarly(): Error {
  return new Error('the connection closed before the response body ended');
}

function ignore(): void {}
