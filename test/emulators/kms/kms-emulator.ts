import { createPublicKey, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { KmsCallCounters } from './call-counters';
import { KmsFaults } from './faults';
import { KeyStore } from './key-store';
import { loadKeyStore, saveKeyStore } from './key-store-file';
import { asKmsError, KmsError } from './kms-errors';
import { OPERATIONS } from './operations';
import { checkAuthorization } from './request-auth';
import { parseBody } from './request-fields';

/** How to start the emulator. */
export interface KmsEmulatorOptions {
  /** TCP port on 127.0.0.1; 0 (the default) lets the kernel pick a free one. */
  readonly port?: number;
  /** The region the keys live in; requests must be signed for it. Default `us-east-1`. */
  readonly region?: string;
  /** The account in ARNs. Default `111122223333`. */
  readonly accountId?: string;
  /** Keep keys and aliases in this JSON file across restarts (local mode); in memory otherwise. */
  readonly stateFile?: string;
  /** Told about every request once answered (e.g. to log it). */
  readonly onRequest?: (entry: { operation: string; status: number; errorType?: string; ms: number }) => void;
}

/** A key made through {@link KmsEmulator.createKey}. */
export interface CreatedKey {
  readonly keyId: string;
  /** `arn:aws:kms:REGION:111122223333:key/ID` */
  readonly arn: string;
  /** The public key as PEM (SPKI), e.g. to write a cosign.pub. */
  readonly publicKeyPem: string;
}

/** A running emulator. */
export interface KmsEmulator {
  /** e.g. `http://127.0.0.1:41234`, for the SDK's `endpoint` or cosign's `AWS_ENDPOINT_URL`. */
  readonly endpoint: string;
  readonly region: string;
  readonly accountId: string;
  /** Switches for throttling and latency, changeable while the emulator runs. */
  readonly faults: KmsFaults;
  /** Requests received per operation. */
  readonly calls: KmsCallCounters;
  /** Creates an ECC_NIST_P256 SIGN_VERIFY key directly (not counted as a call), with an optional alias. */
  createKey(alias?: string): CreatedKey;
  /** The ARN of the key a key id, key ARN, `alias/NAME` or alias ARN names; undefined if none. */
  findKeyArn(keyRef: string): string | undefined;
  /** Stops listening and closes open connections. */
  stop(): Promise<void>;
}

const MAX_BODY_BYTES = 1024 * 1024;
const TARGET = /^TrentService\.([A-Za-z]+)$/;

/** Starts a wire-compatible AWS KMS emulator (JSON 1.1 protocol) on 127.0.0.1. */
export async function startKmsEmulator(options: KmsEmulatorOptions = {}): Promise<KmsEmulator> {
  const region = options.region ?? 'us-east-1';
  const accountId = options.accountId ?? '111122223333';
  const store = new KeyStore(region, accountId);
  const { stateFile } = options;
  if (stateFile !== undefined) {
    loadKeyStore(store, stateFile);
    store.onChange = () => saveKeyStore(store, stateFile);
  }
  const faults = new KmsFaults();
  const calls = new KmsCallCounters();

  const server = createServer((req, res) => {
    void answer(req, res, { store, faults, calls, onRequest: options.onRequest });
  });
  // Keep SDK connections open longer than their idle time, so that no request meets a closing socket.
  server.keepAliveTimeout = 65_000;
  const port = await listen(server, options.port ?? 0);

  return {
    endpoint: `http://127.0.0.1:${port}`,
    region,
    accountId,
    faults,
    calls,
    createKey(alias?: string): CreatedKey {
      const key = store.createKey();
      if (alias !== undefined)
        store.createAlias(alias.startsWith('alias/') ? alias : `alias/${alias}`, key.keyId);
      const publicKeyPem = createPublicKey({ key: key.publicKey, format: 'der', type: 'spki' })
        .export({ format: 'pem', type: 'spki' })
        .toString();
      return { keyId: key.keyId, arn: key.arn, publicKeyPem };
    },
    findKeyArn(keyRef: string): string | undefined {
      try {
        return store.resolve(keyRef).arn;
      } catch (error) {
        if (error instanceof KmsError && error.type === 'NotFoundException') return undefined;
        throw error;
      }
    },
    stop: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

interface Context {
  readonly store: KeyStore;
  readonly faults: KmsFaults;
  readonly calls: KmsCallCounters;
  readonly onRequest: KmsEmulatorOptions['onRequest'];
}

/** Answers one request: route, authorisation, faults, then the operation. */
async function answer(req: IncomingMessage, res: ServerResponse, context: Context): Promise<void> {
  const started = performance.now();
  const target = TARGET.exec(String(req.headers['x-amz-target'] ?? ''));
  const operation = target?.[1] ?? '(none)';
  let status = 200;
  let payload: unknown;
  let errorType: string | undefined;
  try {
    const raw = await readBody(req);
    const decision = context.faults.decide(operation);
    context.calls.record(operation, decision.throttle);
    if (decision.delayMs > 0) await sleep(decision.delayMs);
    payload = handle(req, raw, operation, target !== null, decision.throttle, context.store);
  } catch (error) {
    const kmsError = asKmsError(error);
    status = kmsError.status;
    errorType = kmsError.type;
    payload = kmsError.toWire();
  }
  const body = JSON.stringify(payload);
  res.writeHead(status, {
    'content-type': 'application/x-amz-json-1.1',
    'content-length': Buffer.byteLength(body),
    'x-amzn-requestid': randomUUID(),
  });
  res.end(body);
  context.onRequest?.({ operation, status, errorType, ms: performance.now() - started });
}

function handle(
  req: IncomingMessage,
  raw: string,
  operation: string,
  hasTarget: boolean,
  throttle: boolean,
  store: KeyStore,
): Record<string, unknown> {
  if (req.method !== 'POST' || req.url !== '/' || !hasTarget) {
    throw new KmsError(
      'UnknownOperationException',
      'Expected POST / with X-Amz-Target: TrentService.<Operation>.',
    );
  }
  const contentType = String(req.headers['content-type'] ?? '');
  if (!contentType.startsWith('application/x-amz-json-1.1')) {
    throw new KmsError('SerializationException', `Unsupported Content-Type '${contentType}'.`);
  }
  checkAuthorization(req.headers.authorization, store.region);
  if (throttle) {
    throw new KmsError(
      'ThrottlingException',
      'You have exceeded the rate at which you may call KMS. Reduce the frequency of your calls.',
    );
  }
  const run = OPERATIONS[operation];
  if (!run) {
    throw new KmsError('UnsupportedOperationException', `The KMS emulator does not implement ${operation}.`);
  }
  return run(store, parseBody(raw));
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > MAX_BODY_BYTES) throw new KmsError('ValidationException', 'Request body too large.', 413);
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}
