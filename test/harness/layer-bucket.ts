import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve, sep } from 'node:path';

/**
 * The only paths served: a blob's data file as Distribution's filesystem driver lays it out, which is
 * also the path of the `Location` its `redirect` middleware answers a blob GET with. Matched on the raw
 * path (never decoded), so `..`, `%2e%2e`, `//` and anything else in the storage root (repositories,
 * uploads, the registry's config next to it) are refused.
 */
const BLOB_DATA_PATH = /^\/docker\/registry\/v2\/blobs\/sha256\/([0-9a-f]{2})\/([0-9a-f]{64})\/data$/;

/** One request the bucket answered. */
export interface LayerBucketRequest {
  readonly method: string;
  /** Path and query as sent. */
  readonly path: string;
  readonly status: number;
}

export interface LayerBucket {
  /** e.g. http://127.0.0.1:40123 */
  readonly url: string;
  /** e.g. 127.0.0.1:40123 */
  readonly host: string;
  /** Every request answered, in order. */
  readonly served: LayerBucketRequest[];
  close(): Promise<void>;
}

export interface LayerBucketOptions {
  /** The registry's filesystem `rootdirectory` (RegistryService.storageRoot). */
  readonly storageRoot: string;
  /**
   * Listen on this loopback port (default any free one): the registry's `blobRedirect` must name the
   * bucket (or a proxy in front of it) when it starts, before the bucket can know the registry's storage.
   */
  readonly port?: number;
}

/**
 * A stand-in for Amazon ECR's layer bucket in Amazon S3 (`prod-<region>-starport-layer-bucket`): ECR
 * answers a blob GET with `307` to a pre-signed S3 URL and the client downloads the layer from S3
 * (https://docs.aws.amazon.com/AmazonECR/latest/userguide/vpc-endpoints.html). A small read-only HTTP
 * server on 127.0.0.1 for a registry started with `blobRedirect` (bin/local/services/registry.ts): GET
 * and HEAD of a blob's data file, streamed from the registry's storage; S3's XML errors otherwise,
 * `403 AccessDenied` for another method or path (a pre-signed URL grants one GET of one key) and
 * `404 NoSuchKey` for a blob that is not there. The query (a real URL's signature) is ignored.
 *
 * Here rather than in bin/local/services: `npm start` serves blobs from the registry itself; only the
 * tests and the lookup benchmark need ECR's extra hop.
 */
export async function startLayerBucket(options: LayerBucketOptions): Promise<LayerBucket> {
  const root = resolve(options.storageRoot);
  const served: LayerBucketRequest[] = [];
  const server: Server = createServer((request, response) => {
    void answer(root, request, response).then((status) =>
      served.push({ method: request.method ?? '', path: request.url ?? '', status }),
    );
  });
  await new Promise<void>((done, fail) => {
    server.once('error', fail);
    server.listen(options.port ?? 0, '127.0.0.1', done);
  });
  const host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: `http://${host}`,
    host,
    served,
    close: () =>
      new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}

/** Answers one request; resolves to the status sent. */
async function answer(root: string, request: IncomingMessage, response: ServerResponse): Promise<number> {
  const method = request.method ?? '';
  const path = (request.url ?? '').split('?')[0] ?? '';
  const match = BLOB_DATA_PATH.exec(path);
  if ((method !== 'GET' && method !== 'HEAD') || !match || !match[2]!.startsWith(match[1]!))
    return s3Error(response, 403, 'AccessDenied', 'Access Denied');
  const file = resolve(root, `.${path}`);
  if (!file.startsWith(root + sep)) return s3Error(response, 403, 'AccessDenied', 'Access Denied');
  const size = await stat(file).then(
    (found) => (found.isFile() ? found.size : undefined),
    () => undefined,
  );
  if (size === undefined) return s3Error(response, 404, 'NoSuchKey', 'The specified key does not exist.');
  response.writeHead(200, {
    'content-type': 'application/octet-stream',
    'content-length': size,
    etag: `"${match[2]}"`,
  });
  if (method === 'HEAD') {
    response.end();
    return 200;
  }
  createReadStream(file)
    .on('error', () => response.destroy())
    .pipe(response);
  return 200;
}

function s3Error(response: ServerResponse, status: number, code: string, message: string): number {
  response
    .writeHead(status, { 'content-type': 'application/xml' })
    .end(
      `<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code><Message>${message}</Message></Error>`,
    );
  return status;
}
