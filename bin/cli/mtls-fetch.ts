import { readFileSync } from 'node:fs';
import { request } from 'node:https';
import { rootCertificates } from 'node:tls';
import { UsageError } from './exit-codes';

/** What ApiClient needs of fetch. */
export type FetchLike = (
  url: URL,
  init: {
    readonly method: string;
    readonly headers: Record<string, string>;
    readonly body?: string;
    readonly signal?: AbortSignal;
  },
) => Promise<Response>;

/** The PEM files of `--cert`, `--key` and `--ca`. */
export interface MtlsFiles {
  readonly cert: string;
  readonly key: string;
  readonly ca?: string;
}

/**
 * A fetch that presents a client certificate (mutual TLS, as the lookup API's custom domain asks when
 * `api.auth` is `mtls`), on node:https. `ca` is trusted besides the system roots (a private CA in
 * front of the API, or a test server). The files are read on the first request.
 *
 * @throws UsageError (from the request) when a file cannot be read
 */
export function mtlsFetch(files: MtlsFiles): FetchLike {
  let tls: { cert: string; key: string; ca?: string[] } | undefined;
  const load = () =>
    (tls ??= {
      cert: readPem(files.cert, '--cert'),
      key: readPem(files.key, '--key'),
      ...(files.ca === undefined ? {} : { ca: [...rootCertificates, readPem(files.ca, '--ca')] }),
    });
  return (url, init) =>
    new Promise<Response>((resolve, reject) => {
      if (url.protocol !== 'https:') {
        reject(new UsageError(`--cert needs an https API, not ${url.origin}`));
        return;
      }
      const options = load();
      const req = request(url, { method: init.method, headers: init.headers, ...options }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', reject);
        res.on('end', () => {
          const headers = new Headers();
          for (const [name, value] of Object.entries(res.headers)) {
            if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
          }
          const status = res.statusCode ?? 502;
          const body = status === 204 || status === 304 ? null : Buffer.concat(chunks);
          resolve(new Response(body, { status, headers }));
        });
      });
      req.on('error', reject);
      init.signal?.addEventListener('abort', () => req.destroy(init.signal?.reason as Error), { once: true });
      req.end(init.body);
    });
}

function readPem(file: string, option: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    throw new UsageError(`${option}: cannot read ${file}: ${(error as Error).message}`, { cause: error });
  }
}
