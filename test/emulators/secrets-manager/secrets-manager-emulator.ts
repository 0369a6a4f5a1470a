/**
 * A minimal Secrets Manager for tests: GetSecretValue and PutSecretValue over the AWS JSON 1.1
 * protocol (`POST /`, `X-Amz-Target: secretsmanager.<Operation>`), the request and response shapes of
 * https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_GetSecretValue.html and
 * https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_PutSecretValue.html, the errors
 * as `{"__type","message"}` with status 400. Requests must be SigV4-signed (the signature is not checked).
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SecretsManagerEmulator {
  /** `http://127.0.0.1:PORT`, for AWS_ENDPOINT_URL_SECRETS_MANAGER or a client's `endpoint`. */
  readonly endpoint: string;
  /** Sets a secret's value, as a deployment would. Returns its ARN. */
  put(name: string, value: string): string;
  /** The current value (undefined when there is none). */
  value(nameOrArn: string): string | undefined;
  /** Each operation called, in order. */
  readonly calls: string[];
  /** Answer every request with this error type until cleared (e.g. `InternalServiceError`). */
  failWith(type: string | undefined): void;
  close(): Promise<void>;
}

const REGION = 'us-east-1';
const arnOf = (name: string) => `arn:aws:secretsmanager:${REGION}:123456789012:secret:${name}-AbCdEf`;

export async function startSecretsManagerEmulator(): Promise<SecretsManagerEmulator> {
  const secrets = new Map<string, { value: string; versionId: string }>();
  const calls: string[] = [];
  let failure: string | undefined;
  const nameOf = (id: string) =>
    id.startsWith('arn:') ? id.replace(/^.*:secret:(.+)-[A-Za-z0-9]{6}$/, '$1') : id;

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const body = await new Promise<string>((resolve) => {
      let text = '';
      req
        .setEncoding('utf8')
        .on('data', (c: string) => (text += c))
        .on('end', () => resolve(text));
    });
    const operation = String(req.headers['x-amz-target'] ?? '').replace(/^secretsmanager\./, '');
    calls.push(operation);
    const send = (status: number, json: unknown) => {
      res.writeHead(status, { 'content-type': 'application/x-amz-json-1.1' }).end(JSON.stringify(json));
    };
    const error = (type: string, message: string, status = 400) => send(status, { __type: type, message });
    if (!String(req.headers.authorization ?? '').startsWith('AWS4-HMAC-SHA256 ')) {
      return error('UnrecognizedClientException', 'The security token included in the request is invalid.');
    }
    if (failure !== undefined) return error(failure, 'injected failure', 500);
    const input = JSON.parse(body || '{}') as { SecretId?: string; SecretString?: string };
    const name = nameOf(input.SecretId ?? '');
    if (operation === 'GetSecretValue') {
      const secret = secrets.get(name);
      if (!secret)
        return error('ResourceNotFoundException', "Secrets Manager can't find the specified secret.");
      return send(200, {
        ARN: arnOf(name),
        Name: name,
        SecretString: secret.value,
        VersionId: secret.versionId,
        VersionStages: ['AWSCURRENT'],
        CreatedDate: Date.now() / 1000,
      });
    }
    if (operation === 'PutSecretValue') {
      if (!secrets.has(name))
        return error('ResourceNotFoundException', "Secrets Manager can't find the specified secret.");
      const versionId = randomUUID();
      secrets.set(name, { value: input.SecretString ?? '', versionId });
      return send(200, { ARN: arnOf(name), Name: name, VersionId: versionId, VersionStages: ['AWSCURRENT'] });
    }
    return error('UnknownOperationException', `unknown operation ${operation}`);
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => res.writeHead(500).end(String(e)));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    calls,
    put(name, value) {
      secrets.set(name, { value, versionId: randomUUID() });
      return arnOf(name);
    },
    value: (id) => secrets.get(nameOf(id))?.value,
    failWith(type) {
      failure = type;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
