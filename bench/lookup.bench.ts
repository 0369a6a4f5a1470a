import { createPublicKey } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDbCallCounter } from '../functions/adapters/dynamodb/call-counter';
import { createVerdictTable } from '../functions/adapters/dynamodb/create-verdict-table';
import { DynamoDbVerdictStore } from '../functions/adapters/dynamodb/dynamodb-verdict-store';
import { HttpDynamoDb } from '../functions/adapters/dynamodb/http-dynamodb';
import { HttpPublicKeyReader } from '../functions/adapters/dynamodb/http-public-key-reader';
import { HttpVerdictReader } from '../functions/adapters/dynamodb/http-verdict-reader';
import { OciRegistryClient } from '../functions/adapters/registry/oci-registry-client';
import { RequestCounter } from '../functions/adapters/registry/request-counter';
import { LocalKeySigner } from '../functions/adapters/signers/local-key-signer';
import { cachedSealKeys, staticSealKeys } from '../functions/core/lookup/cached-seal-keys';
import { imageSigning } from '../functions/core/signing/image-signing';
import { verifyImage } from '../functions/core/signing/verify-image';
import { recordVerdict } from '../functions/core/verdict/record-verdict';
import type { Verdict } from '../functions/core/verdict/verdict';
import { checkSeal, sealVerdict, trustedSealKeys } from '../functions/core/verdict/verdict-seal';
import { createApiRequestHandler } from '../functions/lookup-api/api-request-handler';
import { logger } from '../functions/runtime/logging';
import { pushImage, type PushedImage } from '../bin/local/image-builder';
import { localConfig } from '../bin/local/local-config';
import { startDynamoDbLocal } from '../bin/local/services/dynamodb-local';
import { startRegistry } from '../bin/local/services/registry';
import { putVerdictItem } from '../test/support/sealed-records';
import { startLatencyProxy } from '../test/harness/latency-proxy';
import { getEvent, timed } from './lookup-events';
import { percentile, printTable, round, type Benchmark, type Figures } from './bench-kit';

const IMAGES = 20;
const LOOKUPS = Number(process.env.BENCH_LOOKUPS ?? 500);
/** Issue 14: the same delay per request on both paths (DynamoDB's default, 5 ms). */
const HOP_MS = Number(process.env.BENCH_LOOKUP_HOP_MS ?? 5);
const SEAL_CHECKS = 2000;
const CREDENTIALS = { accessKeyId: 'b', secretAccessKey: 'b' };

/**
 * Issues 5, 14 and 16: "may this digest run?" answered by the lookup handler as deployed (the compact
 * DynamoDB client, one GetItem, the seal checked with the deployment's key) beside verify-at-admission
 * as policy-controller and Kyverno do it with a key, for the same signed images in the same run, one
 * request after another, BOTH through a latency proxy adding HOP_MS to every request.
 *
 * Verify-at-admission (verifyImage, legacy format): three registry requests per admission, no cache
 * between admissions, as many as `cosign verify --key` (the library policy-controller and Kyverno embed)
 * makes for a digest reference, counted here through a proxy with cosign 2.5: `GET /v2/` (its transport's
 * ping), `GET` the `sha256-HEX.sig` manifest, `GET` the signature layer's blob. verifyImage GETs the image
 * manifest instead of the ping (to find platforms). Against ECR the tools also need a registry token
 * (GetAuthorizationToken, cached by them): not counted, in their favour; nor is resolving a tag.
 */
export const lookupBenchmark: Benchmark = {
  name: 'lookup',
  async run(): Promise<Figures> {
    const registry = await startRegistry();
    const dynamoService = await startDynamoDbLocal();
    const registryProxy = await startLatencyProxy(registry.host, HOP_MS);
    const dynamoProxy = await startLatencyProxy(dynamoService.endpoint, HOP_MS);
    const dynamo = new DynamoDBClient({
      endpoint: dynamoService.endpoint,
      region: 'us-east-1',
      credentials: CREDENTIALS,
    });
    try {
      await createVerdictTable(dynamo, 'bench');
      const writer = new DynamoDbVerdictStore({ client: dynamo, tableName: 'bench' });
      const signer = LocalKeySigner.generate();
      const requests = new RequestCounter();
      const client = new OciRegistryClient({ onRequest: requests.listener });
      const signing = imageSigning({ registry: client, signer });
      const refs: string[] = [];
      const images: PushedImage[] = [];
      const sealed: Verdict[] = [];
      for (let i = 0; i < IMAGES; i++) {
        // Pushed and signed through the proxy, so that the signatures name the host verifiers use.
        const image = await pushImage(registryProxy.host, `lookup/app-${i}`);
        const signature = await signing.signAndVerify(image.reference, undefined, new Date());
        const { verdict } = await recordVerdict(writer, image.reference, {
          type: 'Evaluated',
          outcome: 'pass',
          id: `e${i}`,
          at: new Date().toISOString(),
          policyVersion: 'bench',
          reasons: [],
          signature,
        });
        sealed.push(await sealAsTheSignerDoes(writer, verdict, signer));
        refs.push(`${image.reference.registry}/${image.reference.repository}@${image.digest}`);
        images.push(image);
      }
      const calls = new DynamoDbCallCounter();
      const db = new HttpDynamoDb({
        region: 'us-east-1',
        endpoint: dynamoProxy.url,
        credentials: CREDENTIALS,
        requestTimeoutMs: 2000,
        onCall: calls.listener,
      });
      const trusted = trustedSealKeys([await signer.publicKeyPem()]);
      const api = createApiRequestHandler({
        store: new HttpVerdictReader({ db, tableName: 'bench' }),
        publicKeys: new HttpPublicKeyReader(db, 'bench'),
        config: localConfig(registryProxy.host),
        now: () => new Date(),
        timeoutMs: 2000,
        sealKeys: cachedSealKeys(staticSealKeys(trusted)),
        auth: { requireCaller: false },
      });
      const key = createPublicKey(await signer.publicKeyPem());

      // One log line per answer would measure this terminal, not the lookup (`npm start` logs WARN too).
      logger.setLogLevel('WARN');
      // Warm both paths (connections, JIT) the same way, then measure.
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
      const sealMicros = sealCheckMicros(sealed, trusted);
      const figures: Figures = {
        lookups: LOOKUPS,
        'perf.lookup.latencyMs.perHop': HOP_MS,
        'lookup.p50Ms': round(percentile(lookup, 50), 2),
        'lookup.p99Ms': round(percentile(lookup, 99), 2),
        'lookup.dynamoReadsPerAnswer': round(reads / LOOKUPS, 2),
        'lookup.registryRequestsPerAnswer': 0,
        'lookup.sealCheckMicros': round(sealMicros, 1),
        'verifyAtAdmission.p50Ms': round(percentile(verify, 50), 2),
        'verifyAtAdmission.p99Ms': round(percentile(verify, 99), 2),
        'verifyAtAdmission.registryRequestsPerAnswer': round(requests.total / LOOKUPS, 2),
        'ratio.p50VerifyOverLookup': round(percentile(verify, 50) / percentile(lookup, 50), 2),
        'perf.lookup.p99RatioVerifyOverLookup': round(percentile(verify, 99) / percentile(lookup, 99), 2),
      };
      printTable(
        `"May this digest run?" ${LOOKUPS} times, one after another (${IMAGES} signed images), ${HOP_MS} ms added to every request on both paths`,
        ['path', 'p50 ms', 'p99 ms', 'DynamoDB reads', 'registry requests'],
        [
          [
            'image-trust lookup (GET /v1/verdicts, seal checked)',
            figures['lookup.p50Ms']!,
            figures['lookup.p99Ms']!,
            figures['lookup.dynamoReadsPerAnswer']!,
            0,
          ],
          [
            'verify at admission (image manifest, .sig, blobs)',
            figures['verifyAtAdmission.p50Ms']!,
            figures['verifyAtAdmission.p99Ms']!,
            0,
            figures['verifyAtAdmission.registryRequestsPerAnswer']!,
          ],
        ],
      );
      process.stdout.write(
        `verify-at-admission takes ${figures['ratio.p50VerifyOverLookup']}x the lookup's time at p50, ${figures['perf.lookup.p99RatioVerifyOverLookup']}x at p99; the seal check costs ${figures['lookup.sealCheckMicros']} µs per answer\n`,
      );
      return figures;
    } finally {
      dynamo.destroy();
      await Promise.all([registryProxy.close(), dynamoProxy.close()]);
      await dynamoService.stop();
      await registry.stop();
    }
  },
};

/** What the signer does for a VERIFIED verdict (issue 16): seal it with its key, in the item. */
async function sealAsTheSignerDoes(
  store: DynamoDbVerdictStore,
  verdict: Verdict,
  signer: LocalKeySigner,
): Promise<Verdict> {
  const validUntil = new Date(Date.now() + 86_400_000).toISOString();
  const seal = await sealVerdict(signer, { ...verdict, validUntil, revision: verdict.version }, new Date());
  const sealedVerdict = { ...verdict, validUntil, seal };
  await putVerdictItem(store, sealedVerdict);
  return sealedVerdict;
}

/** The seal check's cost per answer: one ECDSA P-256 verification (and the canonical bytes), in µs. */
function sealCheckMicros(verdicts: readonly Verdict[], trusted: ReturnType<typeof trustedSealKeys>): number {
  const started = performance.now();
  for (let i = 0; i < SEAL_CHECKS; i++) {
    if (!checkSeal(verdicts[i % verdicts.length]!, trusted).ok) throw new Error('a seal did not verify');
  }
  return ((performance.now() - started) * 1000) / SEAL_CHECKS;
}
