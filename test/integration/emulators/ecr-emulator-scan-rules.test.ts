/**
 * The ECR emulator scans what ECR scans and nothing else (test/emulators/ecr/scannability.ts holds the
 * AWS pages): images pushed to the real registry, imported, and asked about through the real SDK client.
 */
import {
  DescribeImageScanFindingsCommand,
  DescribeImagesCommand,
  ECRClient,
  InvalidParameterException,
  LimitExceededException,
  ScanNotFoundException,
  StartImageScanCommand,
  UnsupportedImageTypeException,
} from '@aws-sdk/client-ecr';
import { OciRegistryClient } from '../../../functions/adapters/registry/oci-registry-client';
import { SIMPLE_SIGNING } from '../../../functions/core/cosign/media-types';
import { MediaTypes } from '../../../functions/core/oci/media-types';
import { signatureTag } from '../../../functions/core/reference';
import { pushImage, pushMultiPlatformImage, registryHost } from '../../harness/image-builder';
import { sharedRegistryUrl } from '../../harness/services';
import { startEcrEmulator, synthesiseScan, type EcrEmulator } from '../../emulators/ecr';

const HOUR = 3_600_000;

describe('ECR emulator: what ECR scans', () => {
  let now = Date.parse('2026-03-01T12:00:00Z');
  let emulator: EcrEmulator;
  let ecr: ECRClient;
  const scanOf = (repositoryName: string, imageDigest: string) =>
    ecr.send(new DescribeImageScanFindingsCommand({ repositoryName, imageId: { imageDigest } }));
  const start = (repositoryName: string, imageDigest: string) =>
    ecr.send(new StartImageScanCommand({ repositoryName, imageId: { imageDigest } }));

  beforeAll(async () => {
    emulator = await startEcrEmulator({ registryUrl: sharedRegistryUrl(), now: () => now });
    ecr = new ECRClient({
      endpoint: emulator.endpoint,
      region: emulator.region,
      credentials: { accessKeyId: 'AKIDTESTIMAGETRUST', secretAccessKey: 'test-secret' },
      maxAttempts: 1,
    });
  });
  afterAll(async () => {
    ecr.destroy();
    await emulator.stop();
  });

  it('never scans an image index; each platform manifest is scanned on its own', async () => {
    // Prepare
    const repository = `scan-rules/multi-${Date.now()}`;
    const index = await pushMultiPlatformImage(
      sharedRegistryUrl(),
      repository,
      [
        { os: 'linux', architecture: 'amd64' },
        { os: 'linux', architecture: 'arm64' },
      ],
      { tags: 'v1' },
    );
    const digests = [index.digest, ...index.platforms.map((p) => p.digest)];
    const images = await emulator.importFromRegistry(repository, digests);
    const pushed = images.map((image) => emulator.scans.scanOnPush(image));

    // Act / Assess: no scan on push for the index, one per platform.
    expect(pushed.map((scan) => scan?.status)).toEqual([undefined, 'IN_PROGRESS', 'IN_PROGRESS']);
    await expect(start(repository, index.digest)).rejects.toBeInstanceOf(UnsupportedImageTypeException);
    await expect(scanOf(repository, index.digest)).rejects.toBeInstanceOf(ScanNotFoundException);
    expect(() => emulator.scans.set(repository, index.digest, synthesiseScan('BASIC', 0))).toThrow(
      /never scans an image index/,
    );
    const platform = index.platforms[0]!.digest;
    emulator.scans.set(repository, platform, synthesiseScan('BASIC', 1, { severities: ['HIGH'] }));
    await expect(scanOf(repository, platform)).resolves.toMatchObject({
      imageScanStatus: { status: 'COMPLETE' },
      imageScanFindings: { findingSeverityCounts: { HIGH: 1 } },
    });
  });

  it("answers UNSUPPORTED_IMAGE for cosign's own signature manifest, and refuses to start a scan of it", async () => {
    // Prepare: a `.sig` manifest as cosign writes it (OCI config, one simple-signing layer).
    const repository = `scan-rules/sig-${Date.now()}`;
    const image = await pushImage(sharedRegistryUrl(), repository, { tags: 'v1' });
    const client = new OciRegistryClient();
    const repo = { registry: registryHost(sharedRegistryUrl()), repository };
    const payload = await client.pushBlob(repo, new TextEncoder().encode('{"critical":{}}'), SIMPLE_SIGNING);
    const config = await client.pushBlob(repo, new TextEncoder().encode('{}'), MediaTypes.ociConfig);
    const manifest = new TextEncoder().encode(
      JSON.stringify({ schemaVersion: 2, mediaType: MediaTypes.ociManifest, config, layers: [payload] }),
    );
    const tag = signatureTag(image.digest);
    const sig = await client.putManifest(repo, tag, { mediaType: MediaTypes.ociManifest, bytes: manifest });
    const [imported] = await emulator.importFromRegistry(repository, [tag]);

    // Act
    const onPush = emulator.scans.scanOnPush(imported!);

    // Assess
    expect(onPush?.status).toBe('UNSUPPORTED_IMAGE');
    await expect(scanOf(repository, sig)).resolves.toMatchObject({
      imageScanStatus: { status: 'UNSUPPORTED_IMAGE' },
    });
    now += 25 * HOUR;
    await expect(start(repository, sig)).rejects.toBeInstanceOf(UnsupportedImageTypeException);
    expect(() => emulator.scans.set(repository, sig, synthesiseScan('BASIC', 0))).toThrow(/cannot scan/);
  });

  it('keeps the 24-hour rule for a scan on push and a StartImageScan alike', async () => {
    // Prepare
    const repository = `scan-rules/quota-${Date.now()}`;
    const image = await pushImage(sharedRegistryUrl(), repository, { tags: 'v1' });
    const [imported] = await emulator.importFromRegistry(repository, ['v1']);
    emulator.scans.scanOnPush(imported!);

    // Act / Assess
    await expect(start(repository, image.digest)).rejects.toBeInstanceOf(LimitExceededException);
    now += 24 * HOUR;
    await expect(start(repository, image.digest)).resolves.toMatchObject({
      imageScanStatus: { status: 'IN_PROGRESS' },
    });
    now += HOUR;
    await expect(start(repository, image.digest)).rejects.toBeInstanceOf(LimitExceededException);
  });

  it('pages DescribeImages by nextToken, at most 1000 a page, and not together with imageIds', async () => {
    // Prepare: 1,205 images in the catalogue.
    const repositoryName = `scan-rules/many-${Date.now()}`;
    for (let i = 0; i < 1205; i += 1)
      emulator.images.register({
        repositoryName,
        imageDigest: `sha256:${i.toString(16).padStart(64, '0')}`,
        imagePushedAt: now + i,
      });
    const describe = (input: { maxResults?: number; nextToken?: string }) =>
      ecr.send(new DescribeImagesCommand({ repositoryName, ...input }));

    // Act
    const first = await describe({});
    const big = await describe({ maxResults: 1000 });
    const rest = await describe({ maxResults: 1000, nextToken: big.nextToken });

    // Assess
    expect(first.imageDetails).toHaveLength(100);
    expect(big.imageDetails).toHaveLength(1000);
    expect(rest.imageDetails).toHaveLength(205);
    expect(rest.nextToken).toBeUndefined();
    await expect(describe({ maxResults: 1001 })).rejects.toBeInstanceOf(InvalidParameterException);
    await expect(
      ecr.send(
        new DescribeImagesCommand({
          repositoryName,
          maxResults: 10,
          imageIds: [{ imageDigest: big.imageDetails![0]!.imageDigest }],
        }),
      ),
    ).rejects.toBeInstanceOf(InvalidParameterException);
  });
});
