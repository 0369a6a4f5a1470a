import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  DescribeImageScanFindingsCommand,
  DescribeImagesCommand,
  ECRClient,
  ECRServiceException,
  GetAuthorizationTokenCommand,
  ImageNotFoundException,
  InvalidParameterException,
  LimitExceededException,
  RepositoryNotFoundException,
  ScanNotFoundException,
  ServerException,
  StartImageScanCommand,
  UnsupportedImageTypeException,
  ValidationException,
  paginateDescribeImageScanFindings,
  type DescribeImageScanFindingsCommandOutput,
} from '@aws-sdk/client-ecr';
import { sharedRegistryUrl } from '../../harness/services';
import {
  readFindingsFixture,
  scanFromFixture,
  startEcrEmulator,
  synthesiseScan,
  type EcrEmulator,
} from '../../emulators/ecr';

const ERRORS_DIR = resolve(__dirname, '../../../../shared/conformance/ecr-api/errors');
const HOUR = 60 * 60 * 1000;

/** The message part of a real AWS CLI error line: `An error occurred (X) when calling the Y operation...: MESSAGE`. */
function cliErrorMessage(file: string): string {
  const line = readFileSync(resolve(ERRORS_DIR, file), 'utf8').trim();
  const match = /^An error occurred \((\w+)\) when calling the (\w+) operation(?: \([^)]*\))?: (.*)$/.exec(
    line,
  );
  if (!match?.[3]) throw new Error(`not a CLI error line: ${line}`);
  return match[3];
}

function digestOf(bytes: Uint8Array | string): string {
  return `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
}

function clientFor(emulator: EcrEmulator, maxAttempts = 1): ECRClient {
  return new ECRClient({
    endpoint: emulator.endpoint,
    region: emulator.region,
    credentials: { accessKeyId: 'AKIDTESTIMAGETRUST', secretAccessKey: 'test-secret' },
    maxAttempts,
  });
}

/** Pushes a one-layer Docker image to the real registry; returns its manifest digest. */
async function pushImage(registryUrl: string, repository: string, tag: string): Promise<string> {
  const layer = randomBytes(512);
  const config = Buffer.from(
    JSON.stringify({ architecture: 'amd64', os: 'linux', rootfs: { type: 'layers' } }),
  );
  for (const blob of [layer, config]) {
    const start = await fetch(`${registryUrl}/v2/${repository}/blobs/uploads/`, { method: 'POST' });
    const location = new URL(start.headers.get('location') ?? '', registryUrl);
    location.searchParams.set('digest', digestOf(blob));
    expect((await fetch(location, { method: 'PUT', body: blob })).status).toBe(201);
  }
  const manifest = JSON.stringify({
    schemaVersion: 2,
    mediaType: 'application/vnd.docker.distribution.manifest.v2+json',
    config: {
      mediaType: 'application/vnd.docker.container.image.v1+json',
      size: config.length,
      digest: digestOf(config),
    },
    layers: [
      {
        mediaType: 'application/vnd.docker.image.rootfs.diff.tar.gzip',
        size: layer.length,
        digest: digestOf(layer),
      },
    ],
  });
  const put = await fetch(`${registryUrl}/v2/${repository}/manifests/${tag}`, {
    method: 'PUT',
    headers: { 'content-type': 'application/vnd.docker.distribution.manifest.v2+json' },
    body: manifest,
  });
  expect(put.status).toBe(201);
  return digestOf(manifest);
}

describe('ECR emulator through @aws-sdk/client-ecr', () => {
  let now = Date.parse('2026-03-01T12:00:00Z');
  let emulator: EcrEmulator;
  let ecr: ECRClient;
  const password = 'emulated-password';

  beforeAll(async () => {
    emulator = await startEcrEmulator({ registryUrl: sharedRegistryUrl(), password, now: () => now });
    ecr = clientFor(emulator);
  });

  afterAll(async () => {
    ecr.destroy();
    await emulator.stop();
  });

  beforeEach(() => {
    emulator.faults.clear();
    emulator.calls.reset();
  });

  describe('GetAuthorizationToken', () => {
    it('answers base64("AWS:<password>") valid 12 hours for the fronted registry, and counts the call', async () => {
      // Act
      const { authorizationData } = await ecr.send(new GetAuthorizationTokenCommand({}));

      // Assess
      expect(authorizationData).toHaveLength(1);
      const [data] = authorizationData ?? [];
      expect(Buffer.from(data?.authorizationToken ?? '', 'base64').toString()).toBe(`AWS:${password}`);
      expect(data?.expiresAt).toEqual(new Date(now + 12 * HOUR));
      expect(data?.proxyEndpoint).toBe(sharedRegistryUrl());
      expect(emulator.calls.count('GetAuthorizationToken')).toBe(1);
    });

    it('takes a token lifetime set at run time', async () => {
      // Prepare
      emulator.auth.tokenTtlMs = 30 * 60 * 1000;

      // Act
      const { authorizationData } = await ecr.send(new GetAuthorizationTokenCommand({}));

      // Assess
      expect(authorizationData?.[0]?.expiresAt).toEqual(new Date(now + 30 * 60 * 1000));
      emulator.auth.tokenTtlMs = 12 * HOUR;
    });
  });

  describe('DescribeImageScanFindings', () => {
    it('returns the basic fixture exactly: findings, severity counts, timestamps, status', async () => {
      // Prepare
      const fixture = readFindingsFixture('basic');
      const imageId = fixture.imageId as { imageDigest: string };
      emulator.scans.set('sample-repo', imageId.imageDigest, scanFromFixture('basic'));

      // Act
      const out = await ecr.send(
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
      emulator.images.register({ repositoryName: 'reponame', imageDigest: digest, imageTags: ['latest'] });
      emulator.scans.set('reponame', digest, scanFromFixture('enhanced'));

      // Act
      const out = await ecr.send(
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
      emulator.scans.set('test', imageId.imageDigest, scanFromFixture('enhancedActiveEmpty'));

      // Act
      const out = await ecr.send(new DescribeImageScanFindingsCommand({ repositoryName: 'test', imageId }));

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
      emulator.scans.set('team/app', digest, synthesiseScan('ENHANCED', 250, { completedAt: now }));
      const pages: DescribeImageScanFindingsCommandOutput[] = [];

      // Act
      for await (const page of paginateDescribeImageScanFindings(
        { client: ecr, pageSize: 1000 },
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
      expect(emulator.calls.count('DescribeImageScanFindings')).toBe(3);
    });

    it('pages basic findings by maxResults (up to 1000), 100 when none is given', async () => {
      // Prepare
      const digest = digestOf('basic-250');
      emulator.scans.set('team/app', digest, synthesiseScan('BASIC', 250));
      const imageId = { imageDigest: digest };

      // Act
      const big = await ecr.send(
        new DescribeImageScanFindingsCommand({ repositoryName: 'team/app', imageId, maxResults: 1000 }),
      );
      const first = await ecr.send(
        new DescribeImageScanFindingsCommand({ repositoryName: 'team/app', imageId }),
      );
      const pages = [];
      for await (const page of paginateDescribeImageScanFindings(
        { client: ecr, pageSize: 120 },
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
      emulator.scans.set('team/app', a, synthesiseScan('BASIC', 3));
      emulator.scans.set('team/app', b, synthesiseScan('BASIC', 3));
      const { nextToken } = await ecr.send(
        new DescribeImageScanFindingsCommand({
          repositoryName: 'team/app',
          imageId: { imageDigest: a },
          maxResults: 1,
        }),
      );

      // Act / Assess
      await expect(
        ecr.send(
          new DescribeImageScanFindingsCommand({
            repositoryName: 'team/app',
            imageId: { imageDigest: a },
            maxResults: 1001,
          }),
        ),
      ).rejects.toBeInstanceOf(InvalidParameterException);
      await expect(
        ecr.send(
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
      emulator.images.register({ repositoryName: 'team/app', imageDigest: digest });
      const ask = (repositoryName: string, imageDigest: string) =>
        ecr.send(new DescribeImageScanFindingsCommand({ repositoryName, imageId: { imageDigest } }));

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

  describe('StartImageScan', () => {
    it('starts a basic scan IN_PROGRESS that the test completes with chosen findings', async () => {
      // Prepare
      const digest = digestOf('start-scan');
      emulator.images.register({ repositoryName: 'team/scan', imageDigest: digest, imageTags: ['v1'] });

      // Act
      const started = await ecr.send(
        new StartImageScanCommand({ repositoryName: 'team/scan', imageId: { imageTag: 'v1' } }),
      );
      const during = await ecr.send(
        new DescribeImageScanFindingsCommand({
          repositoryName: 'team/scan',
          imageId: { imageDigest: digest },
        }),
      );
      emulator.scans.set('team/scan', digest, synthesiseScan('BASIC', 2, { severities: ['CRITICAL'] }));
      const after = await ecr.send(
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
      emulator.scans.set('team/quota', digest, synthesiseScan('BASIC', 1));
      const start = () =>
        ecr.send(
          new StartImageScanCommand({ repositoryName: 'team/quota', imageId: { imageDigest: digest } }),
        );

      // Act / Assess
      await expect(start()).rejects.toBeInstanceOf(LimitExceededException);
      now += 24 * HOUR - 1;
      await expect(start()).rejects.toBeInstanceOf(LimitExceededException);
      now += 1;
      await expect(start()).resolves.toMatchObject({ imageScanStatus: { status: 'IN_PROGRESS' } });
      await expect(start()).rejects.toThrow('The scan quota per image has been exceeded');
    });

    it('refuses on an enhanced registry and for an image index', async () => {
      // Prepare
      const index = digestOf('index');
      emulator.images.register({
        repositoryName: 'team/multi',
        imageDigest: index,
        imageManifestMediaType: 'application/vnd.oci.image.index.v1+json',
      });
      const start = () =>
        ecr.send(
          new StartImageScanCommand({ repositoryName: 'team/multi', imageId: { imageDigest: index } }),
        );

      // Act / Assess
      await expect(start()).rejects.toBeInstanceOf(UnsupportedImageTypeException);
      emulator.scans.registryScanType = 'ENHANCED';
      await expect(start()).rejects.toBeInstanceOf(ValidationException);
      emulator.scans.registryScanType = 'BASIC';
    });
  });

  describe('DescribeImages', () => {
    it('describes an image pushed to the real registry and imported from it', async () => {
      // Prepare
      const repository = `ecr-emulator/import-${Date.now()}`;
      const digest = await pushImage(sharedRegistryUrl(), repository, 'v1');
      await emulator.importFromRegistry(repository);
      emulator.scans.set(
        repository,
        digest,
        synthesiseScan('BASIC', 1, { severities: ['HIGH'], completedAt: now }),
      );

      // Act
      const byTag = await ecr.send(
        new DescribeImagesCommand({ repositoryName: repository, imageIds: [{ imageTag: 'v1' }] }),
      );
      const byDigest = await ecr.send(
        new DescribeImagesCommand({ repositoryName: repository, imageIds: [{ imageDigest: digest }] }),
      );

      // Assess
      expect(byTag.imageDetails).toEqual(byDigest.imageDetails);
      const [detail] = byTag.imageDetails ?? [];
      expect(detail).toMatchObject({
        registryId: emulator.registryId,
        repositoryName: repository,
        imageDigest: digest,
        imageTags: ['v1'],
        imageManifestMediaType: 'application/vnd.docker.distribution.manifest.v2+json',
        artifactMediaType: 'application/vnd.docker.container.image.v1+json',
        imagePushedAt: new Date(now),
        imageScanStatus: { status: 'COMPLETE', description: 'The scan was completed successfully.' },
        imageScanFindingsSummary: { findingSeverityCounts: { HIGH: 1 }, imageScanCompletedAt: new Date(now) },
      });
      expect(detail?.imageSizeInBytes).toBeGreaterThan(512);
    });

    it('pages a repository, filters by tag status, and refuses unknown ids', async () => {
      // Prepare
      for (let i = 0; i < 5; i++)
        emulator.images.register({
          repositoryName: 'team/list',
          imageDigest: digestOf(`list-${i}`),
          imageTags: i % 2 ? [] : [`t${i}`],
          imagePushedAt: now + i,
        });

      // Act
      const first = await ecr.send(new DescribeImagesCommand({ repositoryName: 'team/list', maxResults: 2 }));
      const second = await ecr.send(
        new DescribeImagesCommand({ repositoryName: 'team/list', maxResults: 2, nextToken: first.nextToken }),
      );
      const untagged = await ecr.send(
        new DescribeImagesCommand({ repositoryName: 'team/list', filter: { tagStatus: 'UNTAGGED' } }),
      );
      const missing = await ecr
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

  describe('faults', () => {
    it('throttles one operation at rate 1 and leaves the others alone', async () => {
      // Prepare
      emulator.faults.set('DescribeImages', { throttleRate: 1 });

      // Act
      const error = await ecr
        .send(new DescribeImagesCommand({ repositoryName: 'team/list' }))
        .catch((e: unknown) => e);
      const token = await ecr.send(new GetAuthorizationTokenCommand({}));

      // Assess
      expect(error).toBeInstanceOf(ECRServiceException);
      expect((error as ECRServiceException).name).toBe('ThrottlingException');
      expect((error as ECRServiceException).$metadata.httpStatusCode).toBe(400);
      expect(token.authorizationData).toHaveLength(1);
      expect(emulator.calls.failed('DescribeImages')).toBe(1);
      expect(emulator.calls.failed('GetAuthorizationToken')).toBe(0);
    });

    it('answers ServerException with HTTP 500 and the real message', async () => {
      // Prepare
      emulator.faults.set('*', { serverErrorRate: 1 });

      // Act
      const error = await ecr.send(new GetAuthorizationTokenCommand({})).catch((e: unknown) => e);

      // Assess
      expect(error).toBeInstanceOf(ServerException);
      expect((error as ServerException).$fault).toBe('server');
      expect((error as ServerException).$metadata.httpStatusCode).toBe(500);
      expect((error as Error).message).toBe(cliErrorMessage('ServerException.aws-cli-stderr.txt'));
    });

    it('lets the SDK retry forced errors and counts every attempt', async () => {
      // Prepare
      const retrying = clientFor(emulator, 3);
      emulator.faults.failNext('GetAuthorizationToken', { type: 'ServerException' });
      emulator.faults.failNext('GetAuthorizationToken', { type: 'ThrottlingException' });

      // Act
      const out = await retrying.send(new GetAuthorizationTokenCommand({}));

      // Assess
      expect(out.authorizationData).toHaveLength(1);
      expect(emulator.calls.log('GetAuthorizationToken').map((c) => c.error)).toEqual([
        'ServerException',
        'ThrottlingException',
        undefined,
      ]);
      retrying.destroy();
    });

    it('forces an error the model does not list, such as AccessDeniedException', async () => {
      // Prepare
      emulator.faults.failNext('GetAuthorizationToken', { type: 'AccessDeniedException', message: 'denied' });

      // Act
      const error = await ecr.send(new GetAuthorizationTokenCommand({})).catch((e: unknown) => e);

      // Assess
      expect(error).toBeInstanceOf(ECRServiceException);
      expect(error).toMatchObject({ name: 'AccessDeniedException', message: 'denied' });
    });

    it('adds latency, and throttles a seeded share of calls at a partial rate', async () => {
      // Prepare
      emulator.faults.set('GetAuthorizationToken', { latencyMs: 150, throttleRate: 0.5 });

      // Act
      const started = performance.now();
      const outcomes = await Promise.all(
        Array.from({ length: 40 }, () =>
          ecr.send(new GetAuthorizationTokenCommand({})).then(
            () => 'ok',
            (e: unknown) => (e as Error).name,
          ),
        ),
      );
      const elapsed = performance.now() - started;

      // Assess
      expect(elapsed).toBeGreaterThanOrEqual(140);
      const throttled = outcomes.filter((o) => o === 'ThrottlingException').length;
      expect(throttled).toBeGreaterThan(5);
      expect(throttled).toBeLessThan(35);
      expect(outcomes.filter((o) => o === 'ok')).toHaveLength(40 - throttled);
      expect(emulator.calls.count('GetAuthorizationToken')).toBe(40);
    });
  });

  describe('wire', () => {
    it('answers AWS JSON 1.1 errors as {"__type", "message"} and refuses unsigned or unknown calls', async () => {
      // Prepare
      const call = (target: string, headers: Record<string, string> = {}) =>
        fetch(emulator.endpoint, {
          method: 'POST',
          headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': target, ...headers },
          body: JSON.stringify({ repositoryName: 'no/such-repo' }),
        });
      const signed = {
        authorization: 'AWS4-HMAC-SHA256 Credential=AKID/20260301/us-east-1/ecr/aws4_request',
      };

      // Act
      const notFound = await call('AmazonEC2ContainerRegistry_V20150921.DescribeImages', signed);
      const unsigned = await call('AmazonEC2ContainerRegistry_V20150921.DescribeImages');
      const unknown = await call('AmazonEC2ContainerRegistry_V20150921.DeleteRepository', signed);

      // Assess
      expect(notFound.status).toBe(400);
      expect(notFound.headers.get('content-type')).toBe('application/x-amz-json-1.1');
      expect(await notFound.json()).toEqual({
        __type: 'RepositoryNotFoundException',
        message:
          "The repository with name 'no/such-repo' does not exist in the registry with id '123456789012'",
      });
      expect(unsigned.status).toBe(403);
      expect(((await unsigned.json()) as { __type: string }).__type).toBe(
        'MissingAuthenticationTokenException',
      );
      expect(((await unknown.json()) as { __type: string }).__type).toBe('UnknownOperationException');
    });
  });
});
