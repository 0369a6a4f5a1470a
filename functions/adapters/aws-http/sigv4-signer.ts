import { createHash, createHmac } from 'node:crypto';

/** The credentials a request is signed with: on Lambda, those Lambda puts in the environment. */
export interface AwsCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
}

/** One request to sign: a POST of `body` to `url`, with `headers` (lower-case names) to sign as well. */
export interface RequestToSign {
  readonly url: URL;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

/**
 * Signature Version 4 for one service and region, synchronously with node:crypto: the headers to send
 * (`headers` plus `x-amz-date`, `x-amz-security-token` and `authorization`; `host` is left to the
 * sender, which sends the URL's). The signing key is derived once per day and secret key, not per request.
 * Synchronous on purpose: WebCrypto (aws4fetch) runs each of a signature's seven hashes and HMACs as a
 * job on libuv's thread pool and resolves a promise for each, and on a busy machine each of those hops
 * waits for a thread: a lookup's tail.
 */
export class SigV4Signer {
  private derived: { scope: string; secret: string; key: Buffer } | undefined;

  constructor(
    private readonly service: string,
    private readonly region: string,
  ) {}

  sign(request: RequestToSign, credentials: AwsCredentials, now: Date = new Date()): Record<string, string> {
    const amzDate = now
      .toISOString()
      .replace(/[-:]/g, '')
      .replace(/\.\d{3}/, '');
    const day = amzDate.slice(0, 8);
    const headers: Record<string, string> = { ...request.headers, 'x-amz-date': amzDate };
    if (credentials.sessionToken) headers['x-amz-security-token'] = credentials.sessionToken;
    const signed: Record<string, string> = { ...headers, host: request.url.host };
    const names = Object.keys(signed).sort();
    const signedHeaders = names.join(';');
    const canonical = [
      'POST',
      canonicalPath(request.url.pathname),
      canonicalQuery(request.url.searchParams),
      ...names.map((name) => `${name}:${signed[name]!.trim().replace(/\s+/g, ' ')}`),
      '',
      signedHeaders,
      sha256Hex(request.body),
    ].join('\n');
    const scope = `${day}/${this.region}/${this.service}/aws4_request`;
    const toSign = ['AWS4-HMAC-SHA256', amzDate, scope, sha256Hex(canonical)].join('\n');
    const signature = createHmac('sha256', this.signingKey(scope, day, credentials.secretAccessKey))
      .update(toSign)
      .digest('hex');
    headers.authorization =
      `AWS4-HMAC-SHA256 Credential=${credentials.accessKeyId}/${scope}, ` +
      `SignedHeaders=${signedHeaders}, Signature=${signature}`;
    return headers;
  }

  private signingKey(scope: string, day: string, secret: string): Buffer {
    if (this.derived?.scope !== scope || this.derived.secret !== secret) {
      let key: Buffer = hmac(`AWS4${secret}`, day);
      for (const part of [this.region, this.service, 'aws4_request']) key = hmac(key, part);
      this.derived = { scope, secret, key };
    }
    return this.derived.key;
  }
}

function hmac(key: string | Buffer, data: string): Buffer {
  return createHmac('sha256', key).update(data).digest();
}

function sha256Hex(data: string): string {
  return createHash('sha256').update(data).digest('hex');
}

/** The URL's (already encoded) path, each segment URI-encoded once more (every service but S3). */
function canonicalPath(pathname: string): string {
  return pathname.split('/').map(encodeRfc3986).join('/');
}

function canonicalQuery(params: URLSearchParams): string {
  return [...params]
    .map(([k, v]) => [encodeRfc3986(k), encodeRfc3986(v)] as const)
    .sort(([a, x], [b, y]) => (a < b ? -1 : a > b ? 1 : x < y ? -1 : x > y ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
}

function encodeRfc3986(value: string): string {
  return encodeURIComponent(value).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}
