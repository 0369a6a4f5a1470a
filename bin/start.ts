import { join, resolve } from 'node:path';
import { DynamoDbBreakGlassLog } from '../functions/adapters/dynamodb/dynamodb-break-glass-log';
import { DynamoDbPublicKeyStore } from '../functions/adapters/dynamodb/dynamodb-public-key-store';
import { routeAdminRequest } from '../functions/admin-api/admin-router';
import { staticSealKeys } from '../functions/core/lookup/cached-seal-keys';
import { publishKeySet } from '../functions/core/signing/publish-key-set';
import { trustedSealKeys } from '../functions/core/verdict/verdict-seal';
import { createWebhookRequestHandler } from '../functions/admission-webhook/webhook-request-handler';
import { WebhookCredentialCheck } from '../functions/core/webhook/credential-check';
import type { SealRefusal } from '../functions/core/lookup/seal-answer';
import { createApiRequestHandler } from '../functions/lookup-api/api-request-handler';
import { ROUTES } from '../functions/lookup-api/routes';
import { ADMIN_ROUTES } from '../functions/admin-api/admin-routes';
import { NOTIFICATIONS_PATH, startLocalServer } from './local/local-server';
import { localKeySet } from './local/local-key-set';
import { loadOrCreateCredential } from './local/webhook-credential';
import { startLocalStack, TABLE_NAME } from './local/local-stack';
import { sweepRegistry } from './local/registry-sweep';
import { dueReseals } from './local/seal-renewals';
import { WorkQueue } from './local/work-queue';

/**
 * `npm start`: the whole pipeline on this machine. A registry on 127.0.0.1:5000 whose push
 * notifications feed image-trust, DynamoDB Local, a local signing key (or the KMS emulator with
 * IMAGE_TRUST_SIGNER=kms-emulator), the same pipeline use cases and the same API handler as the
 * Lambdas, on http://127.0.0.1:8080 (loopback only, so without authentication). Data stays in
 * `.data/` (IMAGE_TRUST_DATA) for the next start. Ctrl-C stops everything.
 */
const env = process.env;
const dataDir = resolve(env.IMAGE_TRUST_DATA ?? '.data');
const apiPort = Number(env.IMAGE_TRUST_PORT ?? 8080);
const apiUrl = `http://127.0.0.1:${apiPort}`;
const sweepEveryMs = Number(env.IMAGE_TRUST_SWEEP_MS ?? 15_000);

async function main(): Promise<void> {
  const started = performance.now();
  const stack = await startLocalStack({
    dataDir,
    apiUrl,
    registryPort: Number(env.IMAGE_TRUST_REGISTRY_PORT ?? 5000),
    registryUrl: env.REGISTRY_URL,
    signerMode: env.IMAGE_TRUST_SIGNER === 'kms-emulator' ? 'kms-emulator' : 'local-key',
  });
  const publicKeys = new DynamoDbPublicKeyStore({ client: stack.dynamo, tableName: TABLE_NAME });
  const active = { keyId: stack.keyId, publicKeyPem: () => Promise.resolve(stack.publicKeyPem) };
  const keySet = await publishKeySet(publicKeys, localKeySet(join(dataDir, 'signing-keys'), active));
  // Seals are checked with the local key set's trusted keys, as deployed with KMS's: never the table's.
  const sealKeys = staticSealKeys(
    trustedSealKeys(keySet.filter((k) => k.state !== 'retired').map((k) => k.pem)),
  );

  const log = (line: string) => process.stdout.write(`${new Date().toISOString().slice(11, 19)} ${line}\n`);
  const queue = new WorkQueue(stack.deps, {
    deadLetterFile: join(dataDir, 'dead-letter.jsonl'),
    onOutcome: (event, outcome) => {
      if (outcome.action === 'skipped' || outcome.action === 'unchanged') return;
      log(
        `${outcome.action.padEnd(9)} ${event.image.repository}@${event.image.digest.slice(0, 19)}… ${outcome.status ?? ''} ${outcome.detail ?? ''}`.trimEnd(),
      );
    },
    onError: (event, reason) =>
      log(`parked    ${event.image.repository}@${event.image.digest.slice(0, 19)}… ${reason}`),
  });
  const breakGlass = new DynamoDbBreakGlassLog({ client: stack.dynamo, tableName: TABLE_NAME });
  const apiDeps = {
    store: stack.store,
    publicKeys,
    breakGlass,
    config: stack.deps.config,
    now: () => new Date(),
    timeoutMs: 2000,
    sealKeys,
    onSealRefused: (refusal: SealRefusal) =>
      log(
        `refused   ${refusal.repository}@${refusal.digest.slice(0, 19)}… ${refusal.code}: ${refusal.message}`,
      ),
    auth: { requireCaller: false },
  };
  const api = createApiRequestHandler(apiDeps);
  // The EKS webhook endpoint, as deployed: the same answers behind a credential in the path.
  const webhookCredentialPath = join(dataDir, 'webhook-credential');
  const webhookCredential = loadOrCreateCredential(webhookCredentialPath);
  const webhook = createWebhookRequestHandler({
    ...apiDeps,
    credentials: new WebhookCredentialCheck({
      source: { read: () => Promise.resolve({ current: webhookCredential }) },
    }),
  });
  const admin = (event: Parameters<typeof api>[0]) =>
    routeAdminRequest(event, {
      store: stack.store,
      // The local process holds the key: a re-evaluation goes straight to the work queue.
      handOff: async (reevaluation) => void queue.process(reevaluation),
      now: () => new Date(),
      auth: { requireCaller: false },
      breakGlass,
    });
  const server = await startLocalServer({
    host: '127.0.0.1',
    port: apiPort,
    registryHost: stack.registryHost,
    notificationToken: stack.notificationToken,
    queue,
    api,
    admin,
    webhook,
    routes: [...ROUTES, ...ADMIN_ROUTES],
  });

  const sweep = async () => {
    const events = await sweepRegistry(
      stack.registryUrl,
      stack.registryHost,
      stack.deps.registry,
      stack.store,
      new Date(),
      stack.registryStorageDir,
    );
    await Promise.all(events.map((event) => queue.process(event)));
  };
  // Seals due for renewal (a seal allows at most sealing.lifetimeHours): with every sweep but the first.
  const renewSeals = async () => {
    for (const event of await dueReseals(stack.store, new Date())) await queue.process(event);
  };
  await sweep().catch((error: unknown) => log(`sweep failed: ${String(error)}`));
  const timer = setInterval(
    () =>
      void sweep()
        .then(renewSeals)
        .catch((error: unknown) => log(`sweep failed: ${String(error)}`)),
    sweepEveryMs,
  );

  process.stdout.write(
    [
      '',
      `image-trust is running (started in ${((performance.now() - started) / 1000).toFixed(1)} s)`,
      `  registry        ${stack.registryUrl}${env.REGISTRY_URL ? ' (yours; polled every ' + sweepEveryMs / 1000 + ' s)' : ` (notifications to ${apiUrl}${NOTIFICATIONS_PATH})`}`,
      `  lookup API      ${apiUrl}  (try ${apiUrl}/healthz, ${apiUrl}/v1/public-keys)`,
      `  EKS webhook     POST ${apiUrl}/v1/admission/<the credential in ${webhookCredentialPath}>`,
      `  DynamoDB Local  ${stack.dynamoEndpoint}  table ${TABLE_NAME}`,
      `  signing key     ${stack.signerDescription}`,
      `  cosign.pub      ${stack.publicKeyPath}`,
      `  data            ${dataDir}  (kept for the next start)`,
      `  scans           the Trivy report in each manifest's 'trivy.scan.result' annotation`,
      '',
      `Push an image to ${stack.registryHost}, or run 'npm run demo'. Ctrl-C stops.`,
      '',
    ].join('\n'),
  );

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log(`${signal}: stopping`);
    clearInterval(timer);
    server.close();
    await Promise.race([queue.idle(), new Promise((r) => setTimeout(r, 5000))]);
    await stack.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((error: unknown) => {
  process.stderr.write(
    `image-trust could not start: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
