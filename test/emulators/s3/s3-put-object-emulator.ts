/**
 * The one S3 operation `image-trust gatekeeper-trust` uses, for tests: PutObject, path-style
 * (`PUT /BUCKET/KEY`), as https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutObject.html describes
 * it: the body stored, `ETag` and (the bucket being versioned) `x-amz-version-id` in the answer; an
 * unknown bucket is the XML error `NoSuchBucket` (404). Requests must be SigV4-signed for `s3`.
 */
import { createHash, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface StoredObject {
  readonly body: string;
  readonly contentType?: string;
  readonly versionId: string;
}

export interface S3PutObjectEmulator {
  readonly endpoint: string;
  /** Objects by `bucket/key`, newest version last. */
  readonly objects: Map<string, StoredObject[]>;
  close(): Promise<void>;
}

export async function startS3PutObjectEmulator(buckets: readonly string[]): Promise<S3PutObjectEmulator> {
  const objects = new Map<string, StoredObject[]>();
  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const xmlError = (status: number, code: string, message: string) =>
      res
        .writeHead(status, { 'content-type': 'application/xml' })
        .end(
          `<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code><Message>${message}</Message></Error>`,
        );
    const authorization = String(req.headers.authorization ?? '');
    if (!/^AWS4-HMAC-SHA256 Credential=[^/]+\/\d{8}\/[a-z0-9-]+\/s3\/aws4_request/.test(authorization)) {
      return xmlError(403, 'AccessDenied', 'Access Denied');
    }
    const [, bucket, ...keyParts] = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname).split(
      '/',
    );
    if (req.method !== 'PUT' || bucket === undefined || keyParts.length === 0) {
      return xmlError(405, 'MethodNotAllowed', 'The specified method is not allowed against this resource.');
    }
    if (!buckets.includes(bucket))
      return xmlError(404, 'NoSuchBucket', 'The specified bucket does not exist');
    const versionId = randomUUID().replace(/-/g, '');
    const stored: StoredObject = {
      body: decodeBody(body, req),
      versionId,
      ...(req.headers['content-type'] ? { contentType: req.headers['content-type'] } : {}),
    };
    const path = `${bucket}/${keyParts.join('/')}`;
    objects.set(path, [...(objects.get(path) ?? []), stored]);
    res
      .writeHead(200, {
        etag: `"${createHash('md5').update(stored.body).digest('hex')}"`,
        'x-amz-version-id': versionId,
      })
      .end();
  };
  const server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => res.writeHead(500).end(String(e)));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    objects,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/**
 * The object's bytes: as sent, or, when the SDK streamed it with `Content-Encoding: aws-chunked`
 * (flexible checksums), the chunks' data without their size lines and trailers.
 */
function decodeBody(body: Buffer, req: IncomingMessage): string {
  if (!String(req.headers['content-encoding'] ?? '').includes('aws-chunked')) return body.toString('utf8');
  const text = body.toString('latin1');
  let out = '';
  let at = 0;
  for (;;) {
    const lineEnd = text.indexOf('\r\n', at);
    const size = parseInt(text.slice(at, lineEnd).split(';')[0] ?? '0', 16);
    if (!size) break;
    out += text.slice(lineEnd + 2, lineEnd + 2 + size);
    at = lineEnd + 2 + size + 2;
  }
  return Buffer.from(out, 'latin1').toString('utf8');
}
