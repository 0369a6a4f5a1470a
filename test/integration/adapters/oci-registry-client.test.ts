import { randomBytes } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import { InvalidInputError, NotFoundError, UpstreamError } from '../../../functions/core/errors';
import { MediaTypes, RegistryResponseError } from '../../../functions/adapters/registry';
import { pushImage, pushMultiPlatformImage } from '../../harness/image-builder';
import { sharedRegistryHost, sharedRegistryUrl } from '../../harness/services';
import { uniqueRepository, at, encode, sha256, testClient, caught } from './oci-registry-client-fixture';

describe('OciRegistryClient against the real registry', () => {
  const host = () => sharedRegistryHost();

  it('pushes an image and reads its manifest back by digest and by tag', async () => {
    const { client } = testClient();
    const repo = at(host(), 'roundtrip');

    const image = await pushImage(sharedRegistryUrl(), repo.repository, { client, tags: 'v1' });
    const byDigest = await client.getManifest(repo, image.digest);
    const byTag = await client.getManifest(repo, 'v1');

    expect(image.reference).toEqual({ ...repo, digest: image.digest });
    expect(byDigest?.digest).toBe(image.digest);
    expect(Buffer.from(byDigest?.bytes ?? [])).toEqual(Buffer.from(image.manifest));
    expect(sha256(byDigest?.bytes ?? new Uint8Array())).toBe(image.digest);
    expect(byDigest?.mediaType).toBe(MediaTypes.ociManifest);
    expect(byTag).toEqual(byDigest);
  });

  it('builds a valid image: the config names the platform and the diff_id of the real layer tar', async () => {
    const { client } = testClient();
    const repo = at(host(), 'valid-image');

    const image = await pushImage(repo.registry, repo.repository, { client });
    const config = JSON.parse(Buffer.from(await client.getBlob(repo, image.config.digest)).toString());
    const layer = await client.getBlob(repo, image.layers[0]?.digest ?? '');
    const tar = gunzipSync(layer);

    expect(config).toMatchObject({ architecture: 'amd64', os: 'linux', rootfs: { type: 'layers' } });
    expect(config.rootfs.diff_ids).toEqual([sha256(tar)]);
    expect(tar.subarray(257, 262).toString()).toBe('ustar');
    expect(image.layers[0]?.mediaType).toBe(MediaTypes.ociLayerGzip);
  });

  it('answers undefined for a manifest the registry does not have', async () => {
    const { client } = testClient();
    const repo = at(host(), 'missing');
    await pushImage(repo.registry, repo.repository, { client, tags: 'present' });

    await expect(client.getManifest(repo, 'absent')).resolves.toBeUndefined();
    await expect(client.getManifest(repo, sha256(randomBytes(8)))).resolves.toBeUndefined();
    await expect(client.getManifest(at(host(), 'no-such-repo'), 'latest')).resolves.toBeUndefined();
  });

  it('counts the requests of a typical image push: HEAD, POST, PUT per blob and one manifest PUT', async () => {
    const { client, counter } = testClient();
    const repo = at(host(), 'counted');

    await pushImage(repo.registry, repo.repository, { client, tags: 'v1' });

    expect(counter.snapshot()).toEqual({ 'HEAD blob': 2, 'POST blob': 2, 'PUT blob': 2, 'PUT manifest': 1 });
  });

  it('does not upload a blob the registry already has', async () => {
    const { client, counter } = testClient();
    const repo = at(host(), 'blob-once');
    const bytes = randomBytes(100);

    const first = await client.pushBlob(repo, bytes, 'application/octet-stream');
    counter.reset();
    const second = await client.pushBlob(repo, bytes, 'application/octet-stream');

    expect(second).toEqual(first);
    expect(first).toEqual({ mediaType: 'application/octet-stream', digest: sha256(bytes), size: 100 });
    expect(counter.snapshot()).toEqual({ 'HEAD blob': 1 });
    await expect(client.blobExists(repo, first.digest)).resolves.toBe(true);
    await expect(client.blobExists(repo, sha256(randomBytes(4)))).resolves.toBe(false);
  });

  it('lists every tag of a repository', async () => {
    const { client } = testClient();
    const repo = at(host(), 'tags');
    await pushImage(repo.registry, repo.repository, { client, tags: ['a', 'b', 'c'] });

    expect((await client.listTags(repo)).sort()).toEqual(['a', 'b', 'c']);
    await expect(client.listTags(at(host(), 'no-such-repo'))).rejects.toBeInstanceOf(NotFoundError);
  });

  it('pushes a multi-platform image: one manifest per platform and an OCI index over them', async () => {
    const { client } = testClient();
    const repo = at(host(), 'multi');
    const platforms = [
      { os: 'linux', architecture: 'amd64' },
      { os: 'linux', architecture: 'arm64', variant: 'v8' },
      { os: 'linux', architecture: 'arm', variant: 'v7' },
    ];

    const pushed = await pushMultiPlatformImage(repo.registry, repo.repository, platforms, {
      client,
      tags: 'multi',
    });
    const index = await client.getManifest(repo, 'multi');
    const entries = JSON.parse(Buffer.from(index?.bytes ?? []).toString()).manifests;

    expect(index?.digest).toBe(pushed.digest);
    expect(index?.mediaType).toBe(MediaTypes.ociIndex);
    expect(entries.map((e: { platform: unknown }) => e.platform)).toEqual(platforms);
    for (const platform of pushed.platforms) {
      const manifest = await client.getManifest(repo, platform.digest);
      const config = JSON.parse(Buffer.from(await client.getBlob(repo, platform.config.digest)).toString());
      expect(manifest?.mediaType).toBe(MediaTypes.ociManifest);
      expect(config.architecture).toBe(platform.platform.architecture);
      expect(config.variant).toBe(platform.platform.variant);
    }
    expect(new Set(pushed.platforms.map((p) => p.digest)).size).toBe(3);
  });

  it('pushes Docker v2 schema 2 images and manifest lists when asked', async () => {
    const { client } = testClient();
    const repo = at(host(), 'docker');

    const image = await pushImage(repo.registry, repo.repository, { client, format: 'docker', tags: 'd' });
    const list = await pushMultiPlatformImage(repo.registry, repo.repository, [
      { os: 'linux', architecture: 'amd64' },
      { os: 'linux', architecture: 'arm64' },
    ]);

    expect((await client.getManifest(repo, 'd'))?.mediaType).toBe(MediaTypes.dockerManifest);
    expect(image.config.mediaType).toBe(MediaTypes.dockerConfig);
    expect((await client.getManifest(repo, list.digest))?.mediaType).toBe(MediaTypes.ociIndex);
    const dockerList = await pushMultiPlatformImage(
      repo.registry,
      repo.repository,
      [{ os: 'linux', architecture: 'amd64' }],
      { client, format: 'docker' },
    );
    expect((await client.getManifest(repo, dockerList.digest))?.mediaType).toBe(
      MediaTypes.dockerManifestList,
    );
  });

  it('keeps manifest annotations such as a Trivy report', async () => {
    const { client } = testClient();
    const repo = at(host(), 'annotated');
    const report = JSON.stringify({ SchemaVersion: 2, Results: [{ Target: 'x', Vulnerabilities: [] }] });

    const image = await pushImage(repo.registry, repo.repository, {
      client,
      annotations: { 'trivy.scan.result': report },
    });
    const stored = await client.getManifest(repo, image.digest);

    expect(JSON.parse(Buffer.from(stored?.bytes ?? []).toString()).annotations).toEqual({
      'trivy.scan.result': report,
    });
  });

  it('translates a manifest the registry rejects into a non-retryable UpstreamError with its code', async () => {
    const { client } = testClient();
    const repo = at(host(), 'invalid');

    const garbage = await caught(
      client.putManifest(repo, 'bad', { mediaType: MediaTypes.ociManifest, bytes: encode('garbage') }),
    );
    const missingBlob = await caught(
      client.putManifest(repo, 'bad', {
        mediaType: MediaTypes.ociManifest,
        bytes: encode({
          schemaVersion: 2,
          mediaType: MediaTypes.ociManifest,
          config: { mediaType: MediaTypes.ociConfig, digest: sha256(randomBytes(4)), size: 4 },
          layers: [],
        }),
      }),
    );

    expect(garbage).toBeInstanceOf(UpstreamError);
    expect(garbage).toMatchObject({ retryable: false, code: 'UPSTREAM' });
    expect(garbage.message).toMatch(
      /PUT manifest it\/registry-client\/invalid-\w+:bad on .*HTTP 400 MANIFEST_INVALID/,
    );
    expect(garbage.cause).toBeInstanceOf(RegistryResponseError);
    expect((garbage.cause as RegistryResponseError).status).toBe(400);
    expect(missingBlob.message).toMatch(/MANIFEST_BLOB_UNKNOWN/);
  });

  it('translates a missing blob into NotFoundError', async () => {
    const { client } = testClient();
    const repo = at(host(), 'no-blob');
    await pushImage(repo.registry, repo.repository, { client });

    const error = await caught(client.getBlob(repo, sha256(randomBytes(4))));

    expect(error).toBeInstanceOf(NotFoundError);
    expect(error.message).toMatch(/BLOB_UNKNOWN/);
  });

  it('refuses names and references that are not valid before sending anything', async () => {
    const { client, counter } = testClient();

    await expect(
      client.getManifest({ registry: host(), repository: 'Upper/Case' }, 'v1'),
    ).rejects.toBeInstanceOf(InvalidInputError);
    await expect(client.getManifest(at(host(), 'x'), '../../v2/_catalog')).rejects.toBeInstanceOf(
      InvalidInputError,
    );
    await expect(client.getBlob(at(host(), 'x'), 'sha256:abc')).rejects.toBeInstanceOf(InvalidInputError);
    const image = await pushImage(host(), uniqueRepository('mismatch'), { client });
    await expect(
      client.putManifest(at(host(), 'x'), sha256(randomBytes(4)), {
        mediaType: image.mediaType,
        bytes: image.manifest,
      }),
    ).rejects.toBeInstanceOf(InvalidInputError);
    expect(counter.history().filter((e) => e.method === 'GET')).toHaveLength(0);
  });
});
