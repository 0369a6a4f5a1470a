import { KMSClient } from '@aws-sdk/client-kms';
import { KmsSigner } from '../functions/adapters/kms/kms-signer';
import { OciRegistryClient } from '../functions/adapters/registry/oci-registry-client';
import { RequestCounter } from '../functions/adapters/registry/request-counter';
import type { DigestReference } from '../functions/core/image-reference';
import type { StoredManifest } from '../functions/core/ports/registry';
import type { ScanSummary } from '../functions/core/scan/scan-summary';
import { signImage } from '../functions/core/signing/sign-image';
import {
  ARTIFACT_FORMATS,
  DEFAULT_ARTIFACT_FORMATS,
  type ArtifactFormat,
} from '../functions/core/signing/signature-formats';
import { pushImage, pushMultiPlatformImage } from '../bin/local/image-builder';
import { startRegistry } from '../bin/local/services/registry';
import { startKmsEmulator } from '../test/emulators/kms';
import { startReferrersRegistryProxy } from '../test/harness/referrers-registry-proxy';
import { printTable, round, type Benchmark, type Figures } from './bench-kit';

const IMAGES = Number(process.env.BENCH_SIGNATURE_WRITES_IMAGES ?? 20);
/** Images of one case are spread over this many repositories (a shared blob is checked once per repository). */
const REPOSITORIES = 4;
const scan: ScanSummary = {
  source: 'trivy',
  scanner: { uri: 'https://github.com/aquasecurity/trivy', version: '0.58.0' },
  completedAt: new Date().toISOString(),
  severityCounts: { LOW: 1 },
  findings: [{ id: 'CVE-2024-0001', severity: 'LOW' }],
};

interface Case {
  readonly name: string;
  readonly formats: readonly ArtifactFormat[];
  readonly platforms?: number;
}

const CASES: readonly Case[] = [
  { name: 'default (signature, attestation)', formats: DEFAULT_ARTIFACT_FORMATS },
  { name: 'signature (.sig)', formats: ['signature'] },
  { name: 'attestation (.att)', formats: ['attestation'] },
  { name: 'signature-bundle', formats: ['signature-bundle'] },
  { name: 'attestation-bundle', formats: ['attestation-bundle'] },
  { name: 'all four', formats: ARTIFACT_FORMATS },
  { name: 'default, 2-platform index', formats: DEFAULT_ARTIFACT_FORMATS, platforms: 2 },
];

interface Cost {
  readonly requests: number;
  readonly manifestPuts: number;
  readonly blobUploads: number;
  readonly kmsCalls: number;
}

/**
 * Issue 14 items 2 and 3: what each signature format costs the registry per image (requests, manifest
 * PUTs: ECR PutImage, the tightest write quota; blob uploads) and KMS, on a registry with the OCI 1.1
 * referrers API (Distribution 2.8 behind the referrers proxy, as ECR serves it) and on one without it
 * (the fallback index tagged `sha256-HEX`). Each image is signed as the pipeline signs it: with a scan,
 * its manifest handed over (the evaluation read it already), a new registry client per case.
 */
export const signatureWritesBenchmark: Benchmark = {
  name: 'signatureWrites',
  async run(): Promise<Figures> {
    const registry = await startRegistry();
    const kms = await startKmsEmulator();
    const proxy = await startReferrersRegistryProxy(registry.url);
    const kmsClient = new KMSClient({
      endpoint: kms.endpoint,
      region: kms.region,
      credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' },
    });
    try {
      kms.createKey('bench');
      const signer = new KmsSigner(kmsClient, 'alias/bench');
      await signer.publicKeyPem();
      const figures: Figures = { images: IMAGES };
      const rows: (string | number)[][] = [];
      let n = 0;
      for (const [where, host] of [
        ['referrers API', proxy.host],
        ['fallback tag', registry.host],
      ] as const) {
        for (const c of CASES) {
          const images = await pushImages(host, `bench/writes-${n++}`, c.platforms ?? 1);
          const counter = new RequestCounter();
          const client = new OciRegistryClient({ onRequest: counter.listener });
          kms.calls.reset();
          for (const image of images)
            await signImage({ registry: client, signer }, image.reference, {
              scan,
              formats: c.formats,
              manifest: image.manifest,
            });
          const cost: Cost = {
            requests: counter.total / IMAGES,
            manifestPuts: counter.count('PUT', 'manifest') / IMAGES,
            blobUploads: counter.count('POST', 'blob') / IMAGES,
            kmsCalls: kms.calls.count() / IMAGES,
          };
          rows.push([where, c.name, cost.requests, cost.manifestPuts, cost.blobUploads, cost.kmsCalls]);
          const key = `${where === 'fallback tag' ? 'fallback' : 'referrersApi'}.${c.name.split(' ')[0]}${c.platforms ? `.index${c.platforms}` : ''}`;
          figures[`${key}.registryRequestsPerImage`] = round(cost.requests, 2);
          figures[`${key}.manifestPutsPerImage`] = round(cost.manifestPuts, 2);
          figures[`${key}.blobUploadsPerImage`] = round(cost.blobUploads, 2);
          figures[`${key}.kmsCallsPerImage`] = round(cost.kmsCalls, 2);
        }
      }
      figures['perf.signing.registryRequestsPerLegacySignature'] =
        figures['referrersApi.signature.registryRequestsPerImage']!;
      figures['perf.signing.manifestPutsPerImage'] = figures['referrersApi.default.manifestPutsPerImage']!;
      printTable(
        `Signature writes: ${IMAGES} images per row, each with a scan (the attestations need one)`,
        [
          'registry',
          'formats',
          'requests/image',
          'manifest PUTs/image',
          'blob uploads/image',
          'KMS calls/image',
        ],
        rows,
      );
      process.stdout.write(
        `\nperf.signing.registryRequestsPerLegacySignature ${figures['perf.signing.registryRequestsPerLegacySignature']} (goal <= 7)` +
          `\nperf.signing.manifestPutsPerImage ${figures['perf.signing.manifestPutsPerImage']} (goal <= 2)\n`,
      );
      return figures;
    } finally {
      kmsClient.destroy();
      await kms.stop();
      await proxy.close();
      await registry.stop();
    }
  },
};

/** `IMAGES` images (or indexes of `platforms` platforms) over REPOSITORIES repositories, with their manifests. */
async function pushImages(
  host: string,
  prefix: string,
  platforms: number,
): Promise<{ reference: DigestReference; manifest: StoredManifest }[]> {
  return Promise.all(
    Array.from({ length: IMAGES }, async (_, i) => {
      const repository = `${prefix}/app-${i % REPOSITORIES}`;
      const image =
        platforms > 1
          ? await pushMultiPlatformImage(
              host,
              repository,
              Array.from({ length: platforms }, (_, p) => ({ os: 'linux', architecture: `arch${p}` })),
            )
          : await pushImage(host, repository);
      return {
        reference: image.reference,
        manifest: { digest: image.digest, mediaType: image.mediaType, bytes: image.manifest },
      };
    }),
  );
}
