import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Context } from 'aws-lambda';
import { toApiGatewayEvent } from '../../../bin/local/api-gateway-event';
import { createVerdictTable } from '../../../functions/adapters/dynamodb/create-verdict-table';
import { DynamoDbBreakGlassLog } from '../../../functions/adapters/dynamodb/dynamodb-break-glass-log';
import { DynamoDbPublicKeyStore } from '../../../functions/adapters/dynamodb/dynamodb-public-key-store';
import { DynamoDbVerdictStore } from '../../../functions/adapters/dynamodb/dynamodb-verdict-store';
import { createAdminHandler } from '../../../functions/admin-api/handler';
import type { ApiEvent, ApiResult } from '../../../functions/http/api-event';
import { createApiHandler } from '../../../functions/lookup-api/handler';
import { parseRuntimeConfig } from '../../../functions/core/config/parse-runtime-config';
import type { PipelineEvent } from '../../../functions/core/events/pipeline-event';
import type { Verdict, VerdictKey } from '../../../functions/core/verdict/verdict';
import type { VerdictEvent } from '../../../functions/core/verdict/verdict-event';
import { lambdaContext } from '../http/api-events';
import { localDynamoClient } from '../admin-api/admin-fixture';
import { recordEvents } from '../../unit/core/verdict/verdict-events';
import { sealRecorded } from '../../support/sealed-records';
import { testSealKeys } from '../../support/test-seals';

/** The real lookup API and admin handlers behind a real HTTP server on 127.0.0.1, on DynamoDB Local. */
export interface CliServer {
  readonly url: string;
  readonly store: DynamoDbVerdictStore;
  readonly publicKeys: DynamoDbPublicKeyStore;
  /** Re-evaluations the admin handler handed to the signer. */
  readonly handedOff: PipelineEvent[];
  /** The headers of every request received, in order. */
  readonly requests: { readonly path: string; readonly headers: IncomingHttpHeaders }[];
  record(key: VerdictKey, ...events: VerdictEvent[]): Promise<Verdict>;
  close(): Promise<void>;
}

type Handler = (event: ApiEvent, context: Context) => Promise<ApiResult>;

/**
 * Starts the server: `/v1/admin/*` goes to the admin handler, everything else to the lookup API
 * handler, each request converted to an API Gateway v2 event as `npm start` does. No caller is
 * required (loopback, as the local mode); the allowlist admits account 123456789012 in us-east-1,
 * repositories under team/.
 */
export async function startCliServer(name: string): Promise<CliServer> {
  const client = localDynamoClient();
  const tableName = `cli-${name}-${process.pid}-${Date.now()}`;
  await createVerdictTable(client, tableName);
  const store = new DynamoDbVerdictStore({ client, tableName });
  const publicKeys = new DynamoDbPublicKeyStore({ client, tableName });
  const handedOff: PipelineEvent[] = [];
  const now = () => new Date();
  const config = parseRuntimeConfig({
    allowlist: {
      registries: [{ accountId: '123456789012', region: 'us-east-1' }],
      repositories: ['team/**'],
    },
    policy: { version: '2025-01-01' },
    admission: { breakGlassNamespaces: ['payments'] },
  });
  const breakGlass = new DynamoDbBreakGlassLog({ client, tableName });
  const api = createApiHandler({
    store,
    publicKeys,
    config,
    now,
    timeoutMs: 5000,
    sealKeys: testSealKeys(),
    auth: { requireCaller: false },
    breakGlass,
  });
  const admin = createAdminHandler({
    store,
    handOff: (event) => Promise.resolve(void handedOff.push(event)),
    now,
    auth: { requireCaller: false },
    breakGlass,
  });
  const requests: CliServer['requests'] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const event = toApiGatewayEvent(req, Buffer.concat(chunks));
      requests.push({ path: event.rawPath, headers: req.headers });
      const handler: Handler = event.rawPath.startsWith('/v1/admin/') ? admin : api;
      handler(event, lambdaContext).then(
        (result) => {
          res.writeHead(result.statusCode, result.headers);
          res.end(result.body);
        },
        (error: unknown) => {
          res.writeHead(500, { 'content-type': 'text/plain' });
          res.end(String(error));
        },
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    store,
    publicKeys,
    handedOff,
    requests,
    record: async (key, ...events) => sealRecorded(store, await recordEvents(store, key, ...events)),
    close: () => closeServer(server),
  };
}

function closeServer(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}
