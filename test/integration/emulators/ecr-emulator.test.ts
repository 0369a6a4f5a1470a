import {
  DescribeImageScanFindingsCommand,
  ECRServiceException,
  GetAuthorizationTokenCommand,
  ImageNotFoundException,
  InvalidParameterException,
  RepositoryNotFoundException,
  ScanNotFoundException,
  paginateDescribeImageScanFindings,
  type DescribeImageScanFindingsCommandOutput,
} from '@aws-sdk/client-ecr';
import { sharedRegistryUrl } from '../../harness/services';
import { readFindingsFixture, scanFromFixture, startEcrEmulator, synthesiseScan } from '../../emulators/ecr';
import { HOUR, cliErrorMessage, digestOf, clientFor, useEcrEmulator } from './ecr-emulator-fixture';

describe('ECR emulator through @aws-sdk/client-ecr: GetAuthorizationToken and DescribeImageScanFindings', () => {
  const fx = useEcrEmulator();

  describe('GetAuthorizationToken', () => {
    it('answers base64("AWS:<password>") valid 12 hours for the fronted registry, and counts the call', async () => {
      // Act
      const { authorizationData } = await fx.ecr.send(new GetAuthorizationTokenCommand({}));

      // Assess
      expect(authorizationData).toHaveLength(1);
      const [data] = authorizationData ?? [];
      expect(Buffer.from(data?.authorizationToken ?? '', 'base64').toString()).toBe(`AWS:${fx.password}`);
      expect(data?.expiresAt).toEqual(new Date(fx.now + 12 * HOUR));
      expect(data?.proxyEndpoint).toBe(sharedRegistryUrl());
      expect(fx.emulator.calls.count('GetAuthorizationToken')).toBe(1);
    });

    it('takes a token lifetime set at run time', async () => {
      // Prepare
      fx.emulator.auth.tokenTtlMs = 30 * 60 * 1000;

      // Act
      const { authorizationData } = await fx.ecr.send(new GetAuthorizationTokenCommand({}));

      // Assess
      expect(authorizationData?.[0]?.expiresAt).toEqual(new Date(fx.now + 30 * 60 * 1000));
      fx.emulator.auth.tokenTtlMs = 12 * HOUR;
    });
  });

  describe('DescribeImageScanFindings', () => {
    it('returns the basic fixture exactly: findings, severity counts, timestamps, status', async () => {
      // Prepare
      const fixture = readFindingsFixture('basic');
      const imageId = fixture.imageId as { imageDigest: string };
      fx.emulator.scans.set('sample-repo', imageId.imageDigest, scanFromFixture('basic'));

      // Act
      const out = await fx.ecr.send(
        new DescribeImageScanFindingsCommand({ repositoryName: 'sample-repo', imageId }),
      );

      // Assess
      const scan = fixture.imageScanFindings as Record<string, unknown>;
      expect(out.imageScanFindings?.findings).toEqual(scan.findings);
      expect(out.imageScanFindings?.findingSeverityCounts).toEqual(scan.findingSeverityCounts);
      expect(out.imageScanFindings?.imageScanCompletedAt).toEqual(new Date(1579839105 * 1000));
      expect(out.imageScanFindings?.vulnerabilitySourceUpdatedAt).toEqual(new Date(1579811117 * 1000));
      expect(out.imageScanFindings?.enhancedFindings).toBeUndefined();
      expect(out.imageScanStatus).toEqual(fixture.imageScanStatus);
      expect(out.registryId).toBe(fixture.registryId);
      expect(out.repositoryName).toBe(fixture.repositoryName);
      expect(out.imageId).toEqual(fixture.imageId);
      expect(out.nextToken).toBeUndefined();
    });

    it('returns the enhanced fixture exactly, the UNTRIAGED count included', async () => {
      // Prepare: the fixture names its image by tag only; register a digest for it.
      const fixture = readFindingsFixture('enhanced');
      const digest = digestOf('enhanced-fixture');
      fx.emulator.images.register({ repositoryName: 'reponame', imageDigest: digest, imageTags: ['latest'] });
      fx.emulator.scans.set('reponame', digest, scanFromFixture('enhanced'));

      // Act
      const out = await fx.ecr.send(
        new DescribeImageScanFindingsCommand({ repositoryName: 'reponame', imageId: { imageTag: 'latest' } }),
      );

      // Assess
      const scan = fixture.imageScanFindings as Record<string, unknown>;
      expect(out.imageScanFindings?.enhancedFindings).toEqual(scan.enhancedFindings);
      expect(out.imageScanFindings?.findingSeverityCounts).toEqual({ MEDIUM: 1, UNTRIAGED: 1 });
      expect(out.imageScanFindings?.findings).toBeUndefined();
      expect(out.imageScanFindings?.imageScanCompletedAt).toBeUndefined();
      expect(out.imageId).toEqual({ imageTag: 'latest' });
      expect(out.imageScanStatus).toEqual(fixture.imageScanStatus);
    });

    it('returns an ACTIVE continuous scan with an empty findings list as the fixture shows it', async () => {
      // Prepare
      const fixture = readFindingsFixture('enhancedActiveEmpty');
      const imageId = fixture.imageId as { imageDigest: string };
      fx.emulator.scans.set('test', imageId.imageDigest, scanFromFixture('enhancedActiveEmpty'));

      // Act
      const out = await fx.ecr.send(
        new DescribeImageScanFindingsCommand({ repositoryName: 'test', imageId }),
      );

      // Assess
      expect(out.imageScanStatus).toEqual({
        status: 'ACTIVE',
        description: 'Continuous scan is selected for image.',
      });
      expect(out.imageScanFindings).toEqual({ findings: [] });
    });

    it('pages 250 enhanced findings 100 at a time, also when the paginator asks for 1000', async () => {
      // Prepare
      const digest = digestOf('enhanced-250');
      fx.emulator.scans.set('team/app', digest, synthesiseScan('ENHANCED', 250, { completedAt: fx.now }));
      const pages: DescribeImageScanFindingsCommandOutput[] = [];

      // Act
      for await (const page of paginateDescribeImageScanFindings(
        { client: fx.ecr, pageSize: 1000 },
        { repositoryName: 'team/app', imageId: { imageDigest: digest } },
      ))
        pages.push(page);

      // Assess
      expect(pages.map((p) => p.imageScanFindings?.enhancedFindings?.length)).toEqual([100, 100, 50]);
      const ids = pages.flatMap(
        (p) =>
          p.imageScanFindings?.enhancedFindings?.map((f) => f.packageVulnerabilityDetails?.vulnerabilityId) ??
          [],
      );
      expect(new Set(ids).size).toBe(250);
      expect(ids[0]).toBe('CVE-2099-00001');
      expect(ids[249]).toBe('CVE-2099-00250');
      for (const p of pages)
        expect(p.imageScanFindings?.findingSeverityCounts).toEqual({
          CRITICAL: 50,
          HIGH: 50,
          MEDIUM: 50,
          LOW: 50,
          INFORMATIONAL: 50,
        });
      expect(fx.emulator.calls.count('DescribeImageScanFindings')).toBe(3);
    });

    it('pages basic findings by maxResults (up to 1000), 100 when none is given', async () => {
      // Prepare
      const digest = digestOf('basic-250');
      fx.emulator.scans.set('team/app', digest, synthesiseScan('BASIC', 250));
      const imageId = { imageDigest: digest };

      // Act
      const big = await fx.ecr.send(
        new DescribeImageScanFindingsCommand({ repositoryName: 'team/app', imageId, maxResults: 1000 }),
      );
      const first = await fx.ecr.send(
        new DescribeImageScanFindingsCommand({ repositoryName: 'team/app', imageId }),
      );
      const pages = [];
      for await (const page of paginateDescribeImageScanFindings(
        { client: fx.ecr, pageSize: 120 },
        { repositoryName: 'team/app', imageId },
      ))
        pages.push(page.imageScanFindings?.findings?.length);

      // Assess
      expect(big.imageScanFindings?.findings).toHaveLength(250);
      expect(big.nextToken).toBeUndefined();
      expect(first.imageScanFindings?.findings).toHaveLength(100);
      expect(first.nextToken).toEqual(expect.any(String));
      expect(pages).toEqual([120, 120, 10]);
    });

    it('refuses maxResults above 1000 and a token of another image', async () => {
      // Prepare
      const a = digestOf('token-a');
      const b = digestOf('token-b');
      fx.emulator.scans.set('team/app', a, synthesiseScan('BASIC', 3));
      fx.emulator.scans.set('team/app', b, synthesiseScan('BASIC', 3));
      const { nextToken } = await fx.ecr.send(
        new DescribeImageScanFindingsCommand({
          repositoryName: 'team/app',
          imageId: { imageDigest: a },
          maxResults: 1,
        }),
      );

      // Act / Assess
      await expect(
        fx.ecr.send(
          new DescribeImageScanFindingsCommand({
            repositoryName: 'team/app',
            imageId: { imageDigest: a },
            maxResults: 1001,
          }),
        ),
      ).rejects.toBeInstanceOf(InvalidParameterException);
      await expect(
        fx.ecr.send(
          new DescribeImageScanFindingsCommand({
            repositoryName: 'team/app',
            imageId: { imageDigest: b },
            nextToken,
          }),
        ),
      ).rejects.toThrow(InvalidParameterException);
    });

    it('maps unknown repository, unknown image and missing scan to the SDK exception classes', async () => {
      // Prepare
      const digest = digestOf('no-scan');
      fx.emulator.images.register({ repositoryName: 'team/app', imageDigest: digest });
      const ask = (repositoryName: string, imageDigest: string) =>
        fx.ecr.send(new DescribeImageScanFindingsCommand({ repositoryName, imageId: { imageDigest } }));

      // Act
      const errors = await Promise.all([
        ask('no/such-repo', digest).catch((e: unknown) => e),
        ask('team/app', digestOf('unknown')).catch((e: unknown) => e),
        ask('team/app', digest).catch((e: unknown) => e),
      ]);

      // Assess
      expect(errors[0]).toBeInstanceOf(RepositoryNotFoundException);
      expect(errors[1]).toBeInstanceOf(ImageNotFoundException);
      expect(errors[2]).toBeInstanceOf(ScanNotFoundException);
      for (const error of errors) {
        expect(error).toBeInstanceOf(ECRServiceException);
        expect((error as ECRServiceException).$fault).toBe('client');
        expect((error as ECRServiceException).$metadata.httpStatusCode).toBe(400);
      }
    });

    it('words ScanNotFoundException as the real CLI error line does', async () => {
      // Prepare: the repository, registry and digest of conformance/ecr-api/errors/.
      const expected = cliErrorMessage('ScanNotFoundException.aws-cli-stderr.txt');
      const digest = /imageDigest:'(sha256:[0-9a-f]{64})'/.exec(expected)?.[1] ?? '';
      const other = await startEcrEmulator({ registryUrl: sharedRegistryUrl(), registryId: '853082215256' });
      other.images.register({ repositoryName: 'testing-madness', imageDigest: digest });
      const client = clientFor(other);

      // Act
      const error = await client
        .send(
          new DescribeImageScanFindingsCommand({
            repositoryName: 'testing-madness',
            imageId: { imageDigest: digest },
          }),
        )
        .catch((e: unknown) => e);

      // Assess
      expect(error).toBeInstanceOf(ScanNotFoundException);
      expect((error as Error).message).toBe(expected);
      client.destroy();
      await other.stop();
    });
  });
});
