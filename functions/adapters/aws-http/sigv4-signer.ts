import { SignatureV4 } from '@smithy/signature-v4';
import { NodeSha256 } from './node-sha256';

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
 * Signature Version 4 for one service and region with the AWS SDK's own signer (`@smithy/signature-v4`,
 * which caches the derived signing key per day and credentials), its hashes on node:crypto (NodeSha256):
 * the headers to send (`headers` plus `x-amz-date`, `x-amz-security-token` and `authorization`; `host` is
 * left to the sender, which sends the URL's). Not aws4fetch: WebCrypto runs each of a signature's seven
 * hashes and HMACs as a job on libuv's thread pool, and on a busy machine each hop waits for a thread.
 */
export class SigV4Signer {
  private current: { credentials: AwsCredentials; signer: SignatureV4 } | undefined;

  constructor(
    private readonly service: string,
    private readonly region: string,
  ) {}

  async sign(
    request: RequestToSign,
    credentials: AwsCredentials,
    now: Date = new Date(),
  ): Promise<Record<string, string>> {
    const { url } = request;
    const query: Record<string, string> = {};
    url.searchParams.forEach((value, name) => (query[name] = value));
    const signed = await this.signerFor(credentials).sign(
      {
        method: 'POST',
        protocol: url.protocol,
        hostname: url.hostname,
        ...(url.port ? { port: Number(url.port) } : {}),
        path: url.pathname,
        query,
        headers: { ...request.headers, host: url.host },
        body: request.body,
      },
      { signingDate: now },
    );
    const { host: _host, ...sendable } = signed.headers;
    return sendable;
  }

  /** One SignatureV4 per credentials (Lambda's change only with a new container), so its key cache holds. */
  private signerFor(credentials: AwsCredentials): SignatureV4 {
    const last = this.current;
    if (
      last?.credentials.accessKeyId === credentials.accessKeyId &&
      last.credentials.secretAccessKey === credentials.secretAccessKey &&
      last.credentials.sessionToken === credentials.sessionToken
    )
      return last.signer;
    const signer = new SignatureV4({
      service: this.service,
      region: this.region,
      credentials,
      sha256: NodeSha256,
      applyChecksum: false,
    });
    this.current = { credentials, signer };
    return signer;
  }
}
