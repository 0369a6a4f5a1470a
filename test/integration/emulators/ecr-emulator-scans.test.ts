import {
  DescribeImageScanFindingsCommand,
  DescribeImagesCommand,
  ImageNotFoundException,
  LimitExceededException,
  StartImageScanCommand,
  UnsupportedImageTypeException,
  ValidationException,
} from '@aws-sdk/client-ecr';
import { sharedRegistryUrl } from '../../harness/services';
import { synthesiseScan } from '../../emulators/ecr';
import { HOUR, digestOf, pushImage, useEcrEmulator } from './ecr-emulator-fixture';

describe('ECR emulator through @aws-sdk/client-ecr: StartImageScan and DescribeImages', () => {
  const fx = useEcrEmulator();

  describe('StartImageScan', () => {
    it('starts a basic scan IN_PROGRESS that the test completes with chosen findings', async () => {
      // Prepare
      const digest = digestOf('start-scan');
      fx.emulator.images.register({ repositoryName: 'team/scan', imageDigest: digest, imageTags: ['v1'] });

      // Act
      const started = await fx.ecr.send(
        new StartImageScanCommand({ repositoryName: 'team/scan', imageId: { imageTag: 'v1' } }),
      );
      const during = await fx.ecr.send(
        new DescribeImageScanFindingsCommand({
          repositoryName: 'team/scan',
          imageId: { imageDigest: digest },
        }),
      );
      fx.emulator.scans.set('team/scan', digest, synthesiseScan('BASIC', 2, { severities: ['CRITICAL'] }));
      const after = await fx.ecr.send(
        new DescribeImageScanFindingsCommand({
          repositoryName: 'team/scan',
          imageId: { imageDigest: digest },
        }),
      );

      // Assess
      expect(started.imageScanStatus?.status).toBe('IN_PROGRESS');
      expect(started.imageId).toEqual({ imageDigest: digest, imageTag: 'v1' });
      expect(during.imageScanStatus?.status).toBe('IN_PROGRESS');
      expect(during.imageScanFindings).toBeUndefined();
      expect(after.imageScanStatus?.status).toBe('COMPLETE');
      expect(after.imageScanFindings?.findingSeverityCounts).toEqual({ CRITICAL: 2 });
    });

    it('allows one scan per image per 24 hours, a scan on push included', async () => {
      // Prepare: a basic result set up front stands for the scan on push.
      const digest = digestOf('quota');
      fx.emulator.scans.set('team/quota', digest, synthesiseScan('BASIC', 1));
      const start = () =>
        fx.ecr.send(
          new StartImageScanCommand({ repositoryName: 'team/quota', imageId: { imageDigest: digest } }),
        );

      // Act / Assess
      await expect(start()).rejects.toBeInstanceOf(LimitExceededException);
      fx.now += 24 * HOUR - 1;
      await expect(start()).rejects.toBeInstanceOf(LimitExceededException);
      fx.now += 1;
      await expect(start()).resolves.toMatchObject({ imageScanStatus: { status: 'IN_PROGRESS' } });
      await expect(start()).rejects.toThrow('The scan quota per image has been exceeded');
    });

    it('refuses on an enhanced registry and for an image index', async () => {
      // Prepare
      const index = digestOf('index');
      fx.emulator.images.register({
        repositoryName: 'team/multi',
        imageDigest: index,
        imageManifestMediaType: 'application/vnd.oci.image.index.v1+json',
      });
      const start = () =>
        fx.ecr.send(
          new StartImageScanCommand({ repositoryName: 'team/multi', imageId: { imageDigest: index } }),
        );

      // Act / Assess
      await expect(start()).rejects.toBeInstanceOf(UnsupportedImageTypeException);
      fx.emulator.scans.registryScanType = 'ENHANCED';
      await expect(start()).rejects.toBeInstanceOf(ValidationException);
      fx.emulator.scans.registryScanType = 'BASIC';
    });
  });

  describe('DescribeImages', () => {
    it('describes an image pushed to the real registry and imported from it', async () => {
      // Prepare
      const repository = `ecr-emulator/import-${Date.now()}`;
      const digest = await pushImage(sharedRegistryUrl(), repository, 'v1');
      await fx.emulator.importFromRegistry(repository);
      fx.emulator.scans.set(
        repository,
        digest,
        synthesiseScan('BASIC', 1, { severities: ['HIGH'], completedAt: fx.now }),
      );

      // Act
      const byTag = await fx.ecr.send(
        new DescribeImagesCommand({ repositoryName: repository, imageIds: [{ imageTag: 'v1' }] }),
      );
      const byDigest = await fx.ecr.send(
        new DescribeImagesCommand({ repositoryName: repository, imageIds: [{ imageDigest: digest }] }),
      );

      // Assess
      expect(byTag.imageDetails).toEqual(byDigest.imageDetails);
      const [detail] = byTag.imageDetails ?? [];
      expect(detail).toMatchObject({
        registryId: fx.emulator.registryId,
        repositoryName: repository,
        imageDigest: digest,
        imageTags: ['v1'],
        imageManifestMediaType: 'application/vnd.docker.distribution.manifest.v2+json',
        artifactMediaType: 'application/vnd.docker.container.image.v1+json',
        imagePushedAt: new Date(fx.now),
        imageScanStatus: { status: 'COMPLETE', description: 'The scan was completed successfully.' },
        imageScanFindingsSummary: {
          findingSeverityCounts: { HIGH: 1 },
          imageScanCompletedAt: new Date(fx.now),
        },
      });
      expect(detail?.imageSizeInBytes).toBeGreaterThan(512);
    });

    it('pages a repository, filters by tag status, and refuses unknown ids', async () => {
      // Prepare
      for (let i = 0; i < 5; i++)
        fx.emulator.images.register({
          repositoryName: 'team/list',
          imageDigest: digestOf(`list-${i}`),
          imageTags: i % 2 ? [] : [`t${i}`],
          imagePushedAt: fx.now + i,
        });

      // Act
      const first = await fx.ecr.send(
        new DescribeImagesCommand({ repositoryName: 'team/list', maxResults: 2 }),
      );
      const second = await fx.ecr.send(
        new DescribeImagesCommand({ repositoryName: 'team/list', maxResults: 2, nextToken: first.nextToken }),
      );
      const untagged = await fx.ecr.send(
        new DescribeImagesCommand({ repositoryName: 'team/list', filter: { tagStatus: 'UNTAGGED' } }),
      );
      const missing = await fx.ecr
        .send(new DescribeImagesCommand({ repositoryName: 'team/list', imageIds: [{ imageTag: 'nope' }] }))
        .catch((e: unknown) => e);

      // Assess
      expect(first.imageDetails?.map((d) => d.imageTags)).toEqual([['t0'], undefined]);
      expect(second.imageDetails?.map((d) => d.imageDigest)).toEqual([
        digestOf('list-2'),
        digestOf('list-3'),
      ]);
      expect(untagged.imageDetails?.map((d) => d.imageDigest)).toEqual([
        digestOf('list-1'),
        digestOf('list-3'),
      ]);
      expect(missing).toBeInstanceOf(ImageNotFoundException);
      expect((missing as Error).message).toBe(
        "The image with imageId {imageDigest:'null', imageTag:'nope'} does not exist within the repository " +
          "with name 'team/list' in the registry with id '123456789012'",
      );
    });
  });
});
