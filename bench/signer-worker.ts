import { fork } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { buildSync } from 'esbuild';
import { reevaluationMessage } from '../functions/core/events/queue-message';
import type { DigestReference } from '../functions/core/image-reference';
import type { RuntimeConfig } from '../functions/core/config/runtime-config';
import {
  DEAD_LETTER_QUEUE_URL,
  NODE_OPTIONS,
  OTHER_SIGNING_KEYS,
  RECORDS_IN_FLIGHT,
  RUNTIME_CONFIG,
  SIGNING_KEY_ID,
  TABLE_NAME,
} from '../functions/runtime/environment-names';

export interface SignerWorkerOptions {
  /** A scratch folder for the bundle. */
  readonly dir: string;
  readonly region: string;
  /** Where the worker's SDK clients go (the latency proxies in front of the emulator and DynamoDB Local). */
  readonly kmsEndpoint: string;
  readonly dynamoDbEndpoint: string;
  readonly tableName: string;
  readonly keyId: string;
  readonly config: RuntimeConfig;
  /** RECORDS_IN_FLIGHT, as the CDK sets it (lib/pipeline/signer-batching.ts). */
  readonly recordsInFlight: number;
}

/** One signer worker: the deployed handler in a process of its own, fed batches as its event source would. */
export interface SignerWorker {
  /** One invocation with one record per image (an internal hand-off each): its partial batch response. */
  invoke(images: readonly DigestReference[]): Promise<{ response: SQSBatchResponse; cpuMs: number }>;
  stop(): Promise<void>;
}

let messages = 0;
/** As lib/pipeline/image-trust-function.ts gives it: a `require` for the CommonJS code bundled in. */
const ESM_REQUIRE_BANNER =
  "import { createRequire as __imageTrustCreateRequire } from 'node:module'; const require = __imageTrustCreateRequire(import.meta.url);";

/**
 * Bundles `functions/signer/handler.ts` as `cdk deploy` does (lib/pipeline/image-trust-function.ts:
 * esbuild, ESM, minified, node24, nothing external) and runs that bundle (middy, Powertools batch
 * processing, the environment wiring, the real SDK clients) in a Node process of its own, as Lambda runs
 * it: the proxies and emulators of the benchmark never share its CPU. Its environment is the deployed
 * one, its SDK clients sent to local services by the SDK's own `AWS_ENDPOINT_URL_<SERVICE>` variables.
 * The process keeps its runtime between invocations, as a warm worker does.
 */
export async function startSignerWorker(options: SignerWorkerOptions): Promise<SignerWorker> {
  buildSync({
    entryPoints: [resolve(__dirname, '../functions/signer/handler.ts')],
    outfile: join(options.dir, 'signer.mjs'),
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node24',
    minify: true,
    sourcemap: true,
    sourcesContent: false,
    mainFields: ['module', 'main'],
    banner: { js: ESM_REQUIRE_BANNER },
    logLevel: 'error',
  });
  const main = join(options.dir, 'worker-main.mjs');
  writeFileSync(main, WORKER_MAIN);
  const child = fork(main, [], {
    execArgv: [],
    env: workerEnvironment(options),
    // Its logs and EMF metrics (stdout, as Lambda's runtime takes them) written and dropped; errors shown.
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  const pending = new Map<number, (reply: WorkerReply) => void>();
  child.on('message', (reply: WorkerReply) => {
    pending.get(reply.id)?.(reply);
    pending.delete(reply.id);
  });
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  void exited.then(() => {
    for (const [id, answer] of pending) answer({ id, error: 'the signer worker exited' });
  });
  let calls = 0;
  return {
    async invoke(images) {
      const id = ++calls;
      const reply = await new Promise<WorkerReply>((answer) => {
        pending.set(id, answer);
        child.send({ id, event: sqsEvent(images) });
      });
      if (reply.error !== undefined || !reply.response) throw new Error(`signer worker: ${reply.error}`);
      return { response: reply.response, cpuMs: reply.cpuMs ?? 0 };
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.send({ stop: true });
      const killer = setTimeout(() => child.kill(), 5000);
      await exited;
      clearTimeout(killer);
    },
  };
}

/** The environment the CDK gives the signer, its SDK clients sent to local services. */
function workerEnvironment(options: SignerWorkerOptions): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    AWS_REGION: options.region,
    AWS_ACCESS_KEY_ID: 'bench',
    AWS_SECRET_ACCESS_KEY: 'bench',
    AWS_ENDPOINT_URL_KMS: options.kmsEndpoint,
    AWS_ENDPOINT_URL_DYNAMODB: options.dynamoDbEndpoint,
    // Never reached: the registry is not ECR, and nothing is parked.
    AWS_ENDPOINT_URL_ECR: 'http://127.0.0.1:9',
    AWS_ENDPOINT_URL_SQS: 'http://127.0.0.1:9',
    [TABLE_NAME]: options.tableName,
    [SIGNING_KEY_ID]: options.keyId,
    [OTHER_SIGNING_KEYS]: '',
    [DEAD_LETTER_QUEUE_URL]: 'http://127.0.0.1:9/unused-dead-letter-queue',
    [RUNTIME_CONFIG]: JSON.stringify(options.config),
    [RECORDS_IN_FLIGHT]: String(options.recordsInFlight),
    [NODE_OPTIONS]: '--enable-source-maps',
    // As Lambda sets them for the function the CDK defines (lib/pipeline/image-trust-function.ts: JSON
    // logs at INFO, active tracing: a fresh sampled trace header per invocation, below).
    AWS_LAMBDA_LOG_LEVEL: 'INFO',
    AWS_LAMBDA_LOG_FORMAT: 'JSON',
    AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs24.x',
    AWS_LAMBDA_FUNCTION_NAME: 'image-trust-signer',
    LAMBDA_TASK_ROOT: options.dir,
    AWS_XRAY_DAEMON_ADDRESS: '127.0.0.1:9',
    AWS_XRAY_CONTEXT_MISSING: 'LOG_ERROR',
  };
}

interface WorkerReply {
  readonly id: number;
  readonly response?: SQSBatchResponse;
  /** CPU time (user + system) the worker process spent on the invocation. */
  readonly cpuMs?: number;
  readonly error?: string;
}

/** The worker process: loads the bundle once, then runs each invocation it is sent, one at a time. */
const WORKER_MAIN = `
import { randomBytes } from 'node:crypto';
const { handler } = await import('./signer.mjs');
const context = { functionName: 'image-trust-signer', awsRequestId: 'bench', getRemainingTimeInMillis: () => 180000 };
process.on('message', async ({ id, event, stop }) => {
  if (stop) process.exit(0);
  // As Lambda does for each invocation of a function with active tracing (a sampled one).
  process.env._X_AMZN_TRACE_ID = 'Root=1-' + Math.floor(Date.now() / 1000).toString(16) + '-' +
    randomBytes(12).toString('hex') + ';Parent=' + randomBytes(8).toString('hex') + ';Sampled=1';
  const before = process.cpuUsage();
  try {
    const response = await handler(event, context);
    const cpu = process.cpuUsage(before);
    process.send({ id, response, cpuMs: (cpu.user + cpu.system) / 1000 });
  } catch (error) {
    process.send({ id, error: String(error && error.stack ? error.stack : error) });
  }
});
`;

function sqsEvent(images: readonly DigestReference[]): SQSEvent {
  const now = new Date();
  return {
    Records: images.map((image) => {
      const id = `bench-${++messages}`;
      const { registry, repository, digest } = image;
      return {
        messageId: id,
        receiptHandle: id,
        body: reevaluationMessage({
          type: 'ReevaluationRequested',
          image: { registry, repository, digest },
          id,
          at: now.toISOString(),
          reason: 'pushed with a Trivy report',
        }),
        attributes: {
          ApproximateReceiveCount: '1',
          SentTimestamp: String(now.getTime()),
          SenderId: 'bench',
          ApproximateFirstReceiveTimestamp: String(now.getTime()),
        },
        messageAttributes: {},
        md5OfBody: '',
        eventSource: 'aws:sqs',
        eventSourceARN: 'arn:aws:sqs:us-east-1:123456789012:signer',
        awsRegion: 'us-east-1',
      };
    }),
  };
}
