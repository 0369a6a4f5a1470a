import type { SignatureV4 } from '@smithy/signature-v4';
import { NodeSha256 } from '../../functions/adapters/aws-http/node-sha256';
import { UsageError } from './exit-codes';

export { NodeSha256 };

/** What the signer needs of an HTTP request. */
export interface RequestToSign {
  readonly method: string;
  readonly url: URL;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string;
}

/** Adds authentication to a request: returns the headers to send. */
export type RequestSigner = (request: RequestToSign) => Promise<Record<string, string>>;

/** Static credentials or a provider, as the AWS SDK takes them. */
export interface AwsCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
}
export type CredentialSource = AwsCredentials | (() => Promise<AwsCredentials>);

/** Whether a host is this machine (the local mode, `npm start`): such calls go unsigned by default. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return host === 'localhost' || host === '::1' || /^127(\.\d{1,3}){3}$/.test(host);
}

/**
 * The region to sign for: `--region`, else the one in an API Gateway host
 * (`ID.execute-api.REGION.amazonaws.com`), else AWS_REGION or AWS_DEFAULT_REGION.
 *
 * @throws UsageError when none of these names one
 */
export function signingRegion(url: URL, region: string | undefined, env: NodeJS.ProcessEnv): string {
  const fromHost = /\.execute-api\.([a-z0-9-]+)\.amazonaws\.com(\.cn)?$/.exec(url.hostname)?.[1];
  const found = region ?? fromHost ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION;
  if (!found) {
    throw new UsageError(`signing requests to ${url.host} needs a region: give --region or set AWS_REGION`);
  }
  return found;
}

/**
 * A SigV4 signer for API Gateway (`execute-api`). Credentials come from `credentials`, or the AWS
 * SDK's default chain (environment, profile, SSO, web identity, instance role). The SDK packages are
 * loaded only when a request is signed.
 */
export function sigV4Signer(region: string, credentials?: CredentialSource): RequestSigner {
  let signer: Promise<SignatureV4> | undefined;
  const load = async (): Promise<SignatureV4> => {
    const { SignatureV4 } = await import('@smithy/signature-v4');
    const source = credentials ?? (await import('@aws-sdk/credential-provider-node')).defaultProvider();
    // No x-amz-content-sha256 header: API Gateway hashes the body itself (only S3 needs the header).
    return new SignatureV4({
      service: 'execute-api',
      region,
      credentials: source,
      sha256: NodeSha256,
      applyChecksum: false,
    });
  };
  return async ({ method, url, headers, body }) => {
    signer ??= load();
    const query: Record<string, string | string[]> = {};
    url.searchParams.forEach((value, name) => {
      const seen = query[name];
      query[name] = seen === undefined ? value : [...(Array.isArray(seen) ? seen : [seen]), value];
    });
    const ready = await signer;
    const signed = await ready.sign({
      method,
      protocol: url.protocol,
      hostname: url.hostname,
      ...(url.port === '' ? {} : { port: Number(url.port) }),
      path: url.pathname,
      query,
      headers: { ...headers, host: url.host },
      ...(body === undefined ? {} : { body }),
    });
    const { host: _host, ...sendable } = signed.headers;
    return sendable;
  };
}
