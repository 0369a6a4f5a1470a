import { createPublicKey } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDbCallCounter } from '../functions/adapters/dynamodb/call-counter';
import { createVerdictTable } from '../functions/adapters/dynamodb/create-verdict-table';
import { DynamoDbPublicKeyStore } from '../functions/adapters/dynamodb/dynamodb-public-key-store';
import { DynamoDbVerdictStore } from '../functions/adapters/dynamodb/dynamodb-verdict-store';
import { recordVerdict } from '../functions/core/verdict/record-verdict';
import { OciRegistryClient } from '../functions/adapters/registry/oci-registry-client';
import { RequestCounter } from '../functions/adapters/registry/request-counter';
import { LocalKeySigner } from '../functions/adapters/signers/local-key-signer';
import { createApiRequestHandler } from '../functions/lookup-api/api-request-handler';
import type { ApiEvent } from '../functions/http/api-event';
import { imageSigning } from '../functions/core/signing/image-signing';
import { verifyImage } from '../functions/core/signing/verify-image';
import { pushImage, type PushedImage } from '../bin/local/image-builder';
import { localConfig } from '../bin/local/local-config';
import { startDynamoDbLocal } from '../bin/local/services/dynamodb-local';
import { startRegistry } from '../bin/local/services/registry';
import { percentile, printTable, round, type Benchmark, type Figures } from './bench-kit';

const IMAGES = 20;
const LOOKUPS = Number(process.env.BENCH_LOOKUPS ?? 500);

function getEvent(image: string): ApiEvent {
  const now = new Date();
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: '/v1/verdicts',
    rawQueryString: `image=${encodeURIComponent(image)}`,
    queryStringParameters: { image },
    headers: {},
    isBase64Encoded: false,
    requestContext: {
      accountId: 'bench',
      apiId: 'bench',
      domainName: 'bench',
      domainPrefix: 'bench',
      http: {
        method: 'GET',
        path: '/v1/verdicts',
        protocol: 'HTTP/1.1',
        sourceIp: '127.0.0.1',
        userAgent: 'bench',
      },
      requestId: 'bench',
      routeKey: '$default',
      stage: '$default',
      time: now.toUTCString(),
      timeEpoch: now.getTime(),
    },
  } as ApiEvent;
}

async function timed(n: number, work: (i: number) => Promise<void>): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await work(i);
    times.push(performance.now() - t);
  }
  return times.sort((a, b) => a - b);
}

/**
 * Issue 5: "may this digest run?" answered by the lookup handler (one DynamoDB Local read) beside
 * verify-at-admission as policy-controller and Kyverno do it (fetch the signature from the registry and
 * verify it), for the same signed images in the same run, one request after another.
 */
export const lookupBenchmark: Benchmark = {
  name: 'lookup',
  async run(): Promise<Figures> {
    const registry = await startRegistry();
    const dynamoService = await startDynamoDbLocal();
    const dynamo = new DynamoDBClient({
      endpoint: dynamoService.endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'b', secretAccessKey: 'b' },
    });
    try {
      await createVerdictTable(dynamo, 'bench');
      const calls = new DynamoDbCallCounter();
      const store = new DynamoDbVerdictStore({ client: dynamo, tableName: 'bench', onCall: calls.listener });
      const signer = LocalKeySigner.generate();
      const requests = new RequestCounter();
      const client = new OciRegistryClient({ onRequest: requests.listener });
      const signing = imageSigning({ registry: client, signer });
      const refs: string[] = [];
      const images: PushedImage[] = [];
      for (let i = 0; i < IMAGES; i++) {
        const image = await pushImage(registry.host, `lookup/app-${i}`);
        const signature = await signing.signAndVerify(image.reference, undefined, new Date());
        await recordVerdict(store, image.reference, {
          type: 'Evaluated',
          outcome: 'pass',
          id: `e${i}`,
          at: new Date().toISOString(),
          policyVersion: 'bench',
          reasons: [],
          signature,
        });
        refs.push(`${image.reference.registry}/${image.reference.repository}@${image.digest}`);
        images.push(image);
      }
      const api = createApiRequestHandler({
        store,
        publicKeys: new DynamoDbPublicKeyStore({ client: dynamo, tableName: 'bench' }),
        config: localConfig(registry.host),
        now: () => new Date(),
        timeoutMs: 2000,
        auth: { requireCaller: false },
      });
      const key = createPublicKey(await signer.publicKeyPem());

      // Warm both paths (connections, JIT) the same way, then measure interleaved rounds.
      for (let i = 0; i < 20; i++) {
        await api(getEvent(refs[i % IMAGES]!));
        await verifyImage(client, key, images[i % IMAGES]!.reference, ['legacy']);
      }
      calls.reset();
      requests.reset();
      const lookup = await timed(LOOKUPS, async (i) => {
        const result = await api(getEvent(refs[i % IMAGES]!));
        if (result.statusCode !== 200 || !String(result.body).includes('"allowed":true'))
          throw new Error(`lookup failed: ${result.body}`);
      });
      const reads = calls.history().length;
      const verify = await timed(LOOKUPS, async (i) => {
        const result = await verifyImage(client, key, images[i % IMAGES]!.reference, ['legacy']);
        if (!result.ok) throw new Error(`verification failed: ${result.reasons.join('; ')}`);
      });
      const figures: Figures = {
        lookups: LOOKUPS,
        'lookup.p50Ms': round(percentile(lookup, 50), 2),
        'lookup.p99Ms': round(percentile(lookup, 99), 2),
        'lookup.dynamoReadsPerAnswer': round(reads / LOOKUPS, 2),
        'lookup.registryRequestsPerAnswer': 0,
        'verifyAtAdmission.p50Ms': round(percentile(verify, 50), 2),
        'verifyAtAdmission.p99Ms': round(percentile(verify, 99), 2),
        'verifyAtAdmission.registryRequestsPerAnswer': round(requests.total / LOOKUPS, 2),
        'ratio.p50VerifyOverLookup': round(percentile(verify, 50) / percentile(lookup, 50), 2),
        'ratio.p99VerifyOverLookup': round(percentile(verify, 99) / percentile(lookup, 99), 2),
      };
      printTable(
        `"May this digest run?" ${LOOKUPS} times, one after another (${IMAGES} signed images)`,
        ['path', 'p50 ms', 'p99 ms', 'DynamoDB reads', 'registry requests'],
        [
          [
            'image-trust lookup (GET /v1/verdicts)',
            figures['lookup.p50Ms']!,
            figures['lookup.p99Ms']!,
            figures['lookup.dynamoReadsPerAnswer']!,
            0,
          ],
          [
            'verify at admission (fetch .sig, verify)',
            figures['verifyAtAdmission.p50Ms']!,
            figures['verifyAtAdmission.p99Ms']!,
            0,
            figures['verifyAtAdmission.registryRequestsPerAnswer']!,
          ],
        ],
      );
      process.stdout.write(
        `verify-at-admission takes ${figures['ratio.p50VerifyOverLookup']}x the lookup's time at p50, ${figures['ratio.p99VerifyOverLookup']}x at p99 (against a registry on loopback: a remote one adds its round trips)\n`,
      );
      return figures;
    } finally {
      dynamo.destroy();
      await dynamoService.stop();
      await registry.stop();
    }
  },
};
