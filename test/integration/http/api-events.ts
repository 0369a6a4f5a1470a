import type { Context } from 'aws-lambda';
import type { ApiEvent } from '../../../functions/http/api-event';

/** Who signs a test request: an IAM principal, a client certificate, or nobody. */
export type TestAuth = 'iam' | 'none' | { readonly subject: string };

export interface EventOptions {
  readonly method?: 'GET' | 'POST' | 'PUT' | 'DELETE';
  readonly path: string;
  readonly query?: string;
  readonly body?: string;
  readonly isBase64Encoded?: boolean;
  readonly headers?: Record<string, string>;
  readonly auth?: TestAuth;
  /** The API Gateway stage (default `$default`); a named stage prefixes the raw path. */
  readonly stage?: string;
}

/** An API Gateway HTTP API event (payload 2.0) as API Gateway would send it. */
export function apiEvent(options: EventOptions): ApiEvent {
  const method = options.method ?? (options.body === undefined ? 'GET' : 'POST');
  const auth = options.auth ?? 'iam';
  const headers = {
    ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
    ...options.headers,
  };
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: options.path,
    rawQueryString: options.query ?? '',
    headers,
    ...(options.body === undefined ? {} : { body: options.body }),
    isBase64Encoded: options.isBase64Encoded ?? false,
    requestContext: {
      accountId: '123456789012',
      apiId: 'api1234567',
      domainName: 'image-trust.example.com',
      domainPrefix: 'image-trust',
      http: { method, path: options.path, protocol: 'HTTP/1.1', sourceIp: '10.0.0.1', userAgent: 'test' },
      requestId: `req-${Math.random().toString(16).slice(2)}`,
      routeKey: '$default',
      stage: options.stage ?? '$default',
      time: '02/Mar/2025:00:00:00 +0000',
      timeEpoch: 1740873600000,
      ...(auth === 'iam'
        ? {
            authorizer: {
              iam: {
                accessKey: 'AKIDEXAMPLE',
                accountId: '123456789012',
                callerId: 'AIDAEXAMPLE',
                cognitoIdentity: null,
                principalOrgId: 'o-example',
                userArn: 'arn:aws:iam::123456789012:role/ci',
                userId: 'AIDAEXAMPLE',
              },
            },
          }
        : {}),
      ...(typeof auth === 'object'
        ? {
            authentication: {
              clientCert: {
                clientCertPem: '-----BEGIN CERTIFICATE-----\n...\n-----END CERTIFICATE-----',
                serialNumber: '01',
                subjectDN: auth.subject,
                issuerDN: 'CN=cluster-ca',
                validity: { notBefore: 'Jan 1 00:00:00 2025 GMT', notAfter: 'Jan 1 00:00:00 2026 GMT' },
              },
            },
          }
        : {}),
    },
  };
}

/** A Lambda context for the middy handler. */
export const lambdaContext: Context = {
  callbackWaitsForEmptyEventLoop: false,
  functionName: 'image-trust-api',
  functionVersion: '$LATEST',
  invokedFunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:image-trust-api',
  memoryLimitInMB: '512',
  awsRequestId: 'c6af9ac6-7b61-11e6-9a41-93e8deadbeef',
  logGroupName: '/aws/lambda/image-trust-api',
  logStreamName: '2025/03/02/[$LATEST]abcdef',
  getRemainingTimeInMillis: () => 5000,
  done: () => undefined,
  fail: () => undefined,
  succeed: () => undefined,
};
