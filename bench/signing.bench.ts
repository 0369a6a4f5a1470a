import { KMSClient } from '@aws-sdk/client-kms';
import { KmsSigner } from '../functions/adapters/kms/kms-signer';
import { OciRegistryClient } from '../functions/adapters/registry/oci-registry-client';
import { RequestCounter } from '../functions/adapters/registry/request-counter';
import { signImage } from '../functions/core/signing/sign-image';
import type { ScanSummary } from '../functions/core/scan/scan-summary';
import { startRegistry } from '../bin/local/services/registry';
import { startKmsEmulator } from '../test/emulators/kms';
import { pushImage } from '../bin/local/image-builder';
import { startRegistryProxy } from '../test/harness/registry-proxy';
import { cosign } from '../test/harness/verifiers';
import { percentile, printTable, round, type Benchmark, type Figures } from './bench-kit';

const IMAGES = Number(process.env.BENCH_SIGNING_IMAGES ?? 30);
const ROUNDS = 3;
const scan: ScanSummary = {
  source: 'trivy',
  scanner: { uri: 'https://github.com/aquasecurity/trivy', version: '0.58.0' },
  completedAt: new Date().toISOString(),
  severityCounts: { LOW: 1 },
  findings: [{ id: 'CVE-2024-0001', severity: 'LOW' }],
};

/**
 * Issue 3: signed images per second end to end (real registry, KMS emulator), registry requests and KMS
 * calls per signed image, beside the real cosign 2.5 signing the same kind of images in the same run
 * (`cosign sign` once per image, as CI runs it). Both go through a counting proxy to the same registry.
 */
export const signingBenchmark: Benchmark = {
  name: 'signing',
  async run(): Promise<Figures> {
    const registry = await startRegistry();
    const kms = await startKmsEmulator();
    const proxy = await startRegistryProxy(registry.url);
    const kmsClient = new KMSClient({
      endpoint: kms.endpoint,
      region: kms.region,
      credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' },
    });
    try {
      kms.createKey('bench');
      const counter = new RequestCounter();
      const client = new OciRegistryClient({ onRequest: counter.listener });
      const signer = new KmsSigner(kmsClient, 'alias/bench');
      const ours = await Promise.all(
        Array.from({ length: IMAGES }, (_, i) => pushImage(proxy.host, `bench/ours-${i}`)),
      );
      const attested = await Promise.all(
        Array.from({ length: IMAGES }, (_, i) => pushImage(proxy.host, `bench/attested-${i}`)),
      );
      const theirs = await Promise.all(
        Array.from({ length: IMAGES }, (_, i) => pushImage(proxy.host, `bench/cosign-${i}`)),
      );
      await signer.publicKeyPem();

      // Three rounds, each signing fresh images both ways in turn: the machine is shared and noisy, so the
      // figures are the medians of the rounds, and the ratio is taken between medians.
      const rounds = { ours: [] as number[], attest: [] as number[], cosign: [] as number[] };
      let oursKms = 0;
      let oursRequests = 0;
      let attestKms = 0;
      let attestRequests = 0;
      let cosignKms = 0;
      let cosignRequests = 0;
      const per = Math.ceil(IMAGES / ROUNDS);
      for (let round = 0; round < ROUNDS; round++) {
        const slice = <T>(list: readonly T[]) => list.slice(round * per, (round + 1) * per);
        kms.calls.reset();
        counter.reset();
        let t = performance.now();
        for (const image of slice(ours)) await signImage({ registry: client, signer }, image.reference);
        rounds.ours.push(slice(ours).length / ((performance.now() - t) / 1000));
        oursKms += kms.calls.count();
        oursRequests += counter.total;

        kms.calls.reset();
        counter.reset();
        t = performance.now();
        for (const image of slice(attested))
          await signImage({ registry: client, signer }, image.reference, { scan });
        rounds.attest.push(slice(attested).length / ((performance.now() - t) / 1000));
        attestKms += kms.calls.count();
        attestRequests += counter.total;

        kms.calls.reset();
        const before = proxy.received.length;
        t = performance.now();
        for (const image of slice(theirs)) {
          const ref = `${proxy.host}/${image.reference.repository}@${image.digest}`;
          const out = await cosign(
            ['sign', '--yes', '--tlog-upload=false', '--key', 'awskms:///alias/bench', ref],
            {
              kmsEndpoint: kms.endpoint,
            },
          );
          if (out.code !== 0) throw new Error(`cosign sign failed: ${out.stderr}`);
        }
        rounds.cosign.push(slice(theirs).length / ((performance.now() - t) / 1000));
        cosignKms += kms.calls.count();
        cosignRequests += proxy.received.length - before;
      }
      const median = (xs: number[]) =>
        percentile(
          [...xs].sort((a, b) => a - b),
          50,
        );
      const oursRate = median(rounds.ours);
      const attestRate = median(rounds.attest);
      const cosignRate = median(rounds.cosign);
      const figures: Figures = {
        images: IMAGES,
        rounds: ROUNDS,
        'imageTrust.signaturesOnly.imagesPerSecond': round(oursRate),
        'imageTrust.signaturesOnly.registryRequestsPerImage': round(oursRequests / IMAGES, 2),
        'imageTrust.signaturesOnly.kmsCallsPerImage': round(oursKms / IMAGES, 2),
        'imageTrust.withVulnAttestation.imagesPerSecond': round(attestRate),
        'imageTrust.withVulnAttestation.registryRequestsPerImage': round(attestRequests / IMAGES, 2),
        'imageTrust.withVulnAttestation.kmsCallsPerImage': round(attestKms / IMAGES, 2),
        'cosign.imagesPerSecond': round(cosignRate),
        'cosign.registryRequestsPerImage': round(cosignRequests / IMAGES, 2),
        'cosign.kmsCallsPerImage': round(cosignKms / IMAGES, 2),
        'speedup.imageTrustOverCosign': round(oursRate / cosignRate, 2),
      };
      printTable(
        `Signing ${IMAGES} images each way, one after another, in ${ROUNDS} interleaved rounds (real registry, KMS emulator; medians)`,
        ['signer', 'writes', 'images/s', 'registry req/image', 'KMS calls/image'],
        [
          [
            'image-trust',
            '.sig + bundle',
            figures['imageTrust.signaturesOnly.imagesPerSecond']!,
            figures['imageTrust.signaturesOnly.registryRequestsPerImage']!,
            figures['imageTrust.signaturesOnly.kmsCallsPerImage']!,
          ],
          [
            'image-trust',
            '.sig + bundle + vuln .att + bundle',
            figures['imageTrust.withVulnAttestation.imagesPerSecond']!,
            figures['imageTrust.withVulnAttestation.registryRequestsPerImage']!,
            figures['imageTrust.withVulnAttestation.kmsCallsPerImage']!,
          ],
          [
            'cosign 2.5 sign',
            '.sig',
            figures['cosign.imagesPerSecond']!,
            figures['cosign.registryRequestsPerImage']!,
            figures['cosign.kmsCallsPerImage']!,
          ],
        ],
      );
      process.stdout.write(
        `image-trust signs ${figures['speedup.imageTrustOverCosign']}x as many images per second as cosign (signatures only vs cosign's .sig)\n`,
      );
      return figures;
    } finally {
      kmsClient.destroy();
      await proxy.close();
      await kms.stop();
      await registry.stop();
    }
  },
};
