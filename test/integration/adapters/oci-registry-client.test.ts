import { createHash, randomBytes } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import {
  ConflictError,
  InvalidInputError,
  NotFoundError,
  ThrottledError,
  UnauthorizedError,
  UpstreamError,
} from '../../../functions/core/errors';
import type { Registry, RepositoryLocator } from '../../../functions/core/ports/registry';
import type {
  CredentialProvider,
  RegistryCredentials,
} from '../../../functions/core/ports/registry-credentials';
import {
  MediaTypes,
  OciRegistryClient,
  type OciRegistryClientOptions,
  RegistryResponseError,
  RequestCounter,
  isLoopbackRegistry,
  referrersFallbackTag,
  registryBaseUrl,
} from '../../../functions/adapters/registry';
import { freePort } from '../../../bin/local/services/free-port';
import { type PushedImage, pushImage, pushMultiPlatformImage } from '../../harness/image-builder';
import {
  type ProxyHandler,
  type ProxyRequest,
  type RegistryProxy,
  registryError,
  reply,
  startRegistryProxy,
} from '../../harness/registry-proxy';
import { basicAuthGate, bearerAuthGate } from '../../harness/registry-proxy-auth';
import { sharedRegistryHost, sharedRegistryUrl } from '../../harness/services';

// Prepare: every test works in its own repository of the shared real registry (Distribution 2.8.2).
const uniqueRepository = (name: string) => `it/registry-client/${name}-${randomBytes(4).toString('hex')}`;
const at = (registry: string, name: string): RepositoryLocator => ({
  registry,
  repository: uniqueRepository(name),
});
const encode = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));
const sha256 = (bytes: Uint8Array) => `sha256:${createHash('sha256').update(bytes).digest('hex')}`;

/** A client whose retries sleep for no time and record what they would have waited. */
function testClient(options: OciRegistryClientOptions & { sleeps?: number[] } = {}) {
  const counter = new RequestCounter();
  const sleeps = options.sleeps ?? [];
  const client = new OciRegistryClient({
    onRequest: counter.listener,
    ...options,
    retry: {
      sleep: async (ms) => {
        sleeps.push(ms);
      },
      random: () => 0.5,
      ...options.retry,
    },
  });
  return { client, counter, sleeps };
}

async function caught(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a rejection');
}

const proxies: RegistryProxy[] = [];
async function proxy(handler?: ProxyHandler): Promise<RegistryProxy> {
  const started = await startRegistryProxy(sharedRegistryUrl(), handler);
  proxies.push(started);
  return started;
}
afterEach(async () => {
  await Promise.all(proxies.splice(0).map((p) => p.close()));
});

/** Fails the first `times` requests that `matches` with `status`, then forwards. */
function failFirst(
  times: number,
  status: number,
  matches: (request: ProxyRequest) => boolean,
  headers: Record<string, string> = {},
): ProxyHandler {
  let failed = 0;
  return (request, forward) => {
    if (!matches(request) || failed >= times) return forward();
    failed++;
    return registryError(status, status === 429 ? 'TOOMANYREQUESTS' : 'UNAVAILABLE', 'try later', headers);
  };
}
const isManifestPut = (r: ProxyRequest) => r.method === 'PUT' && r.path.includes('/manifests/');
const isUploadPut = (r: ProxyRequest) => r.method === 'PUT' && r.path.includes('/blobs/uploads/');

/** A manifest that refers to `subject`, with an empty config and one small layer. */
async function referrerManifest(
  client: Registry,
  repo: RepositoryLocator,
  subject: PushedImage,
  artifactType: string,
  annotations?: Record<string, string>,
) {
  const config = await client.pushBlob(repo, encode({}), MediaTypes.ociEmpty);
  const layer = await client.pushBlob(repo, randomBytes(32), 'application/vnd.image-trust.test+octet');
  const bytes = encode({
    schemaVersion: 2,
    mediaType: MediaTypes.ociManifest,
    artifactType,
    config,
    layers: [layer],
    subject: { mediaType: subject.mediaType, digest: subject.digest, size: subject.manifest.byteLength },
    ...(annotations ? { annotations } : {}),
  });
  return { mediaType: MediaTypes.ociManifest, bytes, digest: sha256(bytes) };
}

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

describe('referrers on a registry without the referrers API (tag fallback)', () => {
  const host = () => sharedRegistryHost();

  it('lists referrers in the index tagged sha256-HEX, each once, filtered by artifact type', async () => {
    const { client, counter } = testClient();
    const repo = at(host(), 'referrers');
    const image = await pushImage(repo.registry, repo.repository, { client });
    const signature = await referrerManifest(client, repo, image, 'application/vnd.test.sig', { n: '1' });
    const sbom = await referrerManifest(client, repo, image, 'application/vnd.test.sbom');

    const first = await client.putReferrer(repo, signature, image.digest);
    await client.putReferrer(repo, sbom, image.digest);
    counter.reset();
    await client.putReferrer(repo, signature, image.digest);
    const again = counter.snapshot();
    const all = await client.referrers(repo, image.digest);
    const signatures = await client.referrers(repo, image.digest, 'application/vnd.test.sig');

    expect(first).toEqual({
      mediaType: MediaTypes.ociManifest,
      digest: signature.digest,
      size: signature.bytes.byteLength,
      artifactType: 'application/vnd.test.sig',
      annotations: { n: '1' },
    });
    expect(again).toEqual({ 'PUT manifest': 1, 'GET manifest': 1 });
    expect(all.map((d) => d.digest)).toEqual([signature.digest, sbom.digest]);
    expect(all[1]).toMatchObject({ artifactType: 'application/vnd.test.sbom' });
    expect(signatures).toEqual([first]);
    // The referrers API was asked once (404), then this registry was known to lack it.
    expect(counter.count('GET', 'referrers')).toBe(1);
    const index = await client.getManifest(repo, referrersFallbackTag(image.digest));
    expect(index?.mediaType).toBe(MediaTypes.ociIndex);
    expect(referrersFallbackTag(image.digest)).toBe(image.digest.replace(':', '-'));
  });

  it('answers no referrers for an image without any', async () => {
    const { client } = testClient();
    const repo = at(host(), 'no-referrers');
    const image = await pushImage(repo.registry, repo.repository, { client });

    await expect(client.referrers(repo, image.digest)).resolves.toEqual([]);
  });

  it('adds its entry again when a concurrent writer replaced the index without it', async () => {
    const repo = at(host(), 'race');
    const { client: plain } = testClient();
    const image = await pushImage(sharedRegistryUrl(), repo.repository, { client: plain });
    const foreign = await referrerManifest(plain, repo, image, 'application/vnd.test.foreign');
    const ours = await referrerManifest(plain, repo, image, 'application/vnd.test.ours');
    await plain.putManifest(repo, foreign.digest, foreign);
    const tag = referrersFallbackTag(image.digest);
    const foreignIndex = encode({
      schemaVersion: 2,
      mediaType: MediaTypes.ociIndex,
      manifests: [
        { mediaType: MediaTypes.ociManifest, digest: foreign.digest, size: foreign.bytes.byteLength },
      ],
    });
    let raced = false;
    const racing = await proxy(async (request, forward) => {
      const answer = await forward();
      if (!raced && request.method === 'PUT' && request.path.endsWith(`/manifests/${tag}`)) {
        raced = true; // another writer, who read the index before we wrote, writes its version now
        await forward({ body: Buffer.from(foreignIndex) });
      }
      return answer;
    });
    const { client, counter } = testClient();
    const viaProxy = { registry: racing.host, repository: repo.repository };

    await client.putReferrer(viaProxy, ours, image.digest);
    const listed = await client.referrers(viaProxy, image.digest);

    expect(raced).toBe(true);
    expect(listed.map((d) => d.digest).sort()).toEqual([foreign.digest, ours.digest].sort());
    expect(counter.count('PUT', 'manifest')).toBe(3);
  });

  it('gives up with a retryable ConflictError when writers keep dropping its entry', async () => {
    const repo = at(host(), 'race-lost');
    const { client: plain } = testClient();
    const image = await pushImage(sharedRegistryUrl(), repo.repository, { client: plain });
    const ours = await referrerManifest(plain, repo, image, 'application/vnd.test.ours');
    const tag = referrersFallbackTag(image.digest);
    const emptyIndex = encode({ schemaVersion: 2, mediaType: MediaTypes.ociIndex, manifests: [] });
    const racing = await proxy(async (request, forward) => {
      const answer = await forward();
      if (request.method === 'PUT' && request.path.endsWith(`/manifests/${tag}`))
        await forward({ body: Buffer.from(emptyIndex) });
      return answer;
    });
    const { client, counter } = testClient({ referrersIndexAttempts: 3 });

    const error = await caught(
      client.putReferrer({ registry: racing.host, repository: repo.repository }, ours, image.digest),
    );

    expect(error).toBeInstanceOf(ConflictError);
    expect(error).toMatchObject({ retryable: true });
    expect(counter.count('PUT', 'manifest')).toBe(1 + 3);
  });

  it('refuses a referrer that does not name the subject, and a tag sha256-HEX that holds an image', async () => {
    const { client } = testClient();
    const repo = at(host(), 'refusals');
    const image = await pushImage(repo.registry, repo.repository, { client });
    const other = await pushImage(repo.registry, repo.repository, { client });
    const referrer = await referrerManifest(client, repo, image, 'application/vnd.test.sig');
    await client.putManifest(repo, referrersFallbackTag(image.digest), {
      mediaType: other.mediaType,
      bytes: other.manifest,
    });

    await expect(client.putReferrer(repo, referrer, other.digest)).rejects.toBeInstanceOf(InvalidInputError);
    await expect(client.putReferrer(repo, referrer, image.digest)).rejects.toBeInstanceOf(ConflictError);
    await expect(client.referrers(repo, image.digest)).resolves.toEqual([]);
  });

  it('uses the referrers API and skips the fallback where the registry has one', async () => {
    const repo = at(host(), 'api');
    const { client: plain } = testClient();
    const image = await pushImage(sharedRegistryUrl(), repo.repository, { client: plain });
    const referrer = await referrerManifest(plain, repo, image, 'application/vnd.test.sig');
    const entry = {
      mediaType: MediaTypes.ociManifest,
      digest: referrer.digest,
      size: referrer.bytes.byteLength,
    };
    // An OCI 1.1 registry: answers OCI-Subject on a PUT with a subject and serves the referrers API.
    const withApi = await proxy(async (request, forward) => {
      if (request.path.includes('/referrers/'))
        return reply(
          200,
          JSON.stringify({
            schemaVersion: 2,
            mediaType: MediaTypes.ociIndex,
            manifests: [
              { ...entry, artifactType: 'application/vnd.test.sig' },
              { ...entry, digest: image.digest, artifactType: 'application/vnd.test.other' },
            ],
          }),
          { 'content-type': MediaTypes.ociIndex },
        );
      const answer = await forward();
      return isManifestPut(request)
        ? { ...answer, headers: { ...answer.headers, 'oci-subject': image.digest } }
        : answer;
    });
    const { client, counter } = testClient();
    const viaProxy = { registry: withApi.host, repository: repo.repository };

    await client.putReferrer(viaProxy, referrer, image.digest);
    const listed = await client.referrers(viaProxy, image.digest, 'application/vnd.test.sig');

    expect(counter.snapshot()).toEqual({ 'PUT manifest': 1, 'GET referrers': 1 });
    expect(listed.map((d) => d.digest)).toEqual([referrer.digest]);
    expect(withApi.received.some((r) => r.path.includes('artifactType=application%2Fvnd.test.sig'))).toBe(
      true,
    );
  });
});

describe('retries and failures, through a real proxy in front of the registry', () => {
  const repository = () => uniqueRepository('retry');

  it('retries a write refused with 503 with growing backoff, then succeeds', async () => {
    const failing = await proxy(failFirst(2, 503, isManifestPut));
    const { client, counter, sleeps } = testClient();
    const repo = repository();

    const image = await pushImage(failing.url, repo, { client });

    expect(counter.count('PUT', 'manifest')).toBe(3);
    expect(sleeps).toEqual([100, 200]); // random 0.5 of the caps 200 ms and 400 ms
    expect(
      await client.getManifest({ registry: failing.host, repository: repo }, image.digest),
    ).toBeDefined();
  });

  it('waits as long as Retry-After says after a 429', async () => {
    const failing = await proxy(failFirst(1, 429, isManifestPut, { 'retry-after': '3' }));
    const { client, sleeps } = testClient();

    await pushImage(failing.url, repository(), { client });

    expect(sleeps).toEqual([3000]);
  });

  it('gives up on persistent throttling after bounded attempts with ThrottledError', async () => {
    const failing = await proxy(failFirst(100, 429, isManifestPut));
    const { client, counter } = testClient();

    const error = await caught(pushImage(failing.url, repository(), { client }));

    expect(error).toBeInstanceOf(ThrottledError);
    expect(error).toMatchObject({ retryable: true });
    expect(error.message).toMatch(/HTTP 429 TOOMANYREQUESTS: try later/);
    expect(counter.count('PUT', 'manifest')).toBe(4);
  });

  it('stops at once when Retry-After asks for more patience than the policy has', async () => {
    const failing = await proxy(failFirst(100, 429, isManifestPut, { 'retry-after': '3600' }));
    const { client, counter } = testClient();

    await expect(pushImage(failing.url, repository(), { client })).rejects.toBeInstanceOf(ThrottledError);
    expect(counter.count('PUT', 'manifest')).toBe(1);
  });

  it('gives up on a persistent 5xx with a retryable UpstreamError carrying the registry code', async () => {
    const failing = await proxy(failFirst(100, 503, isManifestPut));
    const { client } = testClient({ retry: { maxAttempts: 2 } });

    const error = await caught(pushImage(failing.url, repository(), { client }));

    expect(error).toBeInstanceOf(UpstreamError);
    expect(error).toMatchObject({ retryable: true });
    expect(error.message).toMatch(/HTTP 503 UNAVAILABLE: try later/);
    expect((error.cause as RegistryResponseError).errors).toEqual([
      { code: 'UNAVAILABLE', message: 'try later', detail: undefined },
    ]);
  });

  it('retries the PUT of a blob upload that failed with 502', async () => {
    const failing = await proxy(failFirst(1, 502, isUploadPut));
    const { client, counter } = testClient();
    const repo = { registry: failing.host, repository: repository() };

    const blob = await client.pushBlob(repo, randomBytes(64), 'application/octet-stream');

    await expect(client.blobExists(repo, blob.digest)).resolves.toBe(true);
    expect(counter.count('PUT', 'blob')).toBe(2);
    expect(counter.count('POST', 'blob')).toBe(1);
  });

  it('uploads to a relative Location that already carries a query', async () => {
    const relative = await proxy(async (request, forward) => {
      const answer = await forward();
      const location = answer.headers.location;
      if (request.method !== 'POST' || typeof location !== 'string') return answer;
      const url = new URL(location);
      return { ...answer, headers: { ...answer.headers, location: `${url.pathname}${url.search}` } };
    });
    const { client } = testClient();
    const repo = { registry: relative.host, repository: repository() };

    const blob = await client.pushBlob(repo, randomBytes(64), 'application/octet-stream');

    const put = relative.received.find(isUploadPut);
    expect(put?.path).toMatch(/\/blobs\/uploads\/[\w-]+\?_state=[^&]+&digest=sha256%3A[a-f0-9]{64}$/);
    await expect(client.blobExists(repo, blob.digest)).resolves.toBe(true);
  });

  it('starts an upload over once when the registry lost the upload session', async () => {
    const failing = await proxy(failFirst(1, 404, isUploadPut));
    const { client, counter } = testClient();
    const repo = { registry: failing.host, repository: repository() };

    const blob = await client.pushBlob(repo, randomBytes(64), 'application/octet-stream');

    await expect(client.blobExists(repo, blob.digest)).resolves.toBe(true);
    expect(counter.count('POST', 'blob')).toBe(2);
  });

  it('treats an upload that landed although its answer was lost as done', async () => {
    let lost = false;
    const failing = await proxy(async (request, forward) => {
      const answer = await forward();
      if (lost || !isUploadPut(request)) return answer;
      lost = true;
      return registryError(503, 'UNAVAILABLE', 'gateway lost the answer');
    });
    const { client, counter } = testClient();
    const repo = { registry: failing.host, repository: repository() };

    const blob = await client.pushBlob(repo, randomBytes(64), 'application/octet-stream');

    expect(lost).toBe(true);
    expect(counter.count('POST', 'blob')).toBe(1);
    await expect(client.getBlob(repo, blob.digest)).resolves.toHaveLength(64);
  });

  it('retries network errors, then fails with a retryable UpstreamError', async () => {
    const closedPort = await freePort();
    const { client, counter } = testClient({ retry: { maxAttempts: 3 } });

    const error = await caught(
      client.getManifest({ registry: `127.0.0.1:${closedPort}`, repository: 'x/y' }, 'latest'),
    );

    expect(error).toBeInstanceOf(UpstreamError);
    expect(error).toMatchObject({ retryable: true });
    expect(error.message).toMatch(/GET manifest x\/y:latest on 127\.0\.0\.1:\d+: network error ECONNREFUSED/);
    expect(counter.history().map((e) => e.status)).toEqual([undefined, undefined, undefined]);
  });

  it('times out a request that gets no answer, retries it, then fails with a retryable UpstreamError', async () => {
    const silent = await proxy(() => new Promise((resolve) => setTimeout(() => resolve(reply(200)), 2_000)));
    const { client, counter } = testClient({ timeoutMs: 100, retry: { maxAttempts: 2 } });

    const error = await caught(client.getManifest({ registry: silent.host, repository: 'x/y' }, 'v1'));

    expect(error).toBeInstanceOf(UpstreamError);
    expect(error).toMatchObject({ retryable: true });
    expect(error.message).toMatch(/request timed out/);
    expect(counter.total).toBe(2);
  });

  it('refuses manifest bytes that do not hash to the digest asked for or reported', async () => {
    const { client: plain } = testClient();
    const repo = repository();
    const image = await pushImage(sharedRegistryUrl(), repo, { client: plain, tags: 'v1' });
    const other = await pushImage(sharedRegistryUrl(), repo, { client: plain });
    const tampering = await proxy(async (request, forward) => {
      if (request.path.endsWith(`/manifests/${image.digest}`))
        return forward({ path: request.path.replace(image.digest, other.digest) });
      const answer = await forward();
      return request.path.endsWith('/manifests/v1')
        ? { ...answer, headers: { ...answer.headers, 'docker-content-digest': other.digest } }
        : answer;
    });
    const { client } = testClient();
    const viaProxy = { registry: tampering.host, repository: repo };

    const byDigest = await caught(client.getManifest(viaProxy, image.digest));
    const byTag = await caught(client.getManifest(viaProxy, 'v1'));

    expect(byDigest).toBeInstanceOf(UpstreamError);
    expect(byDigest.message).toMatch(/digest mismatch/);
    expect(byTag.message).toMatch(/digest mismatch/);
  });

  it('refuses a blob whose bytes do not match its digest', async () => {
    const { client: plain } = testClient();
    const repo = repository();
    const blob = await plain.pushBlob(
      { registry: sharedRegistryHost(), repository: repo },
      randomBytes(40),
      'x/y',
    );
    const tampering = await proxy(async (_request, forward) => {
      const answer = await forward();
      return { ...answer, body: Buffer.from(answer.body).fill(0) };
    });
    const { client } = testClient();

    const error = await caught(client.getBlob({ registry: tampering.host, repository: repo }, blob.digest));

    expect(error).toBeInstanceOf(UpstreamError);
    expect(error.message).toMatch(/digest mismatch/);
  });

  it('refuses a manifest larger than its limit', async () => {
    const { client } = testClient({ limits: { manifestBytes: 100 } });
    const repo = repository();
    const image = await pushImage(sharedRegistryUrl(), repo, { client: testClient().client });

    const error = await caught(
      client.getManifest({ registry: sharedRegistryHost(), repository: repo }, image.digest),
    );

    expect(error).toBeInstanceOf(UpstreamError);
    expect(error.message).toMatch(/larger than the limit of 100 bytes/);
  });

  it('follows Link pagination of the tags list', async () => {
    const paging = await proxy(async (request, forward) => {
      const url = new URL(request.path, 'http://proxy');
      if (!url.pathname.endsWith('/tags/list')) return forward();
      const upstream = await forward({ path: url.pathname });
      const all = (JSON.parse(upstream.body.toString()).tags as string[]).sort();
      const n = Number(url.searchParams.get('n'));
      const last = url.searchParams.get('last');
      const start = last ? all.filter((t) => t <= last).length : 0;
      const page = all.slice(start, start + n);
      const link = start + n < all.length ? `<${url.pathname}?last=${page.at(-1)}&n=${n}>; rel="next"` : '';
      return reply(200, JSON.stringify({ name: 'x', tags: page }), {
        'content-type': 'application/json',
        ...(link ? { link } : {}),
      });
    });
    const { client, counter } = testClient({ tagsPageSize: 3 });
    const repo = { registry: paging.host, repository: repository() };
    const tags = ['t1', 't2', 't3', 't4', 't5', 't6', 't7'];
    await pushImage(paging.url, repo.repository, { client, tags });
    counter.reset();

    const listed = await client.listTags(repo);

    expect(listed).toEqual(tags);
    expect(counter.count('GET', 'tags')).toBe(3);
    expect(paging.received.filter((r) => r.path.includes('/tags/list')).map((r) => r.path)).toEqual([
      `/v2/${repo.repository}/tags/list?n=3`,
      `/v2/${repo.repository}/tags/list?last=t3&n=3`,
      `/v2/${repo.repository}/tags/list?last=t6&n=3`,
    ]);
  });

  it('speaks HTTPS to hosts not configured as insecure; loopback is insecure by default', async () => {
    const plainHttp = await proxy();
    const { client } = testClient({ insecureRegistries: () => false, retry: { maxAttempts: 1 } });

    await expect(
      client.getManifest({ registry: plainHttp.host, repository: 'x/y' }, 'v1'),
    ).rejects.toBeInstanceOf(UpstreamError);
    expect(plainHttp.received).toHaveLength(0);
    expect(isLoopbackRegistry('127.0.0.1:5000')).toBe(true);
    expect(isLoopbackRegistry('localhost')).toBe(true);
    expect(isLoopbackRegistry('[::1]:8443')).toBe(true);
    expect(isLoopbackRegistry('123456789012.dkr.ecr.us-east-1.amazonaws.com')).toBe(false);
    expect(isLoopbackRegistry('127.0.0.1.nip.io')).toBe(false);
    expect(registryBaseUrl('123456789012.dkr.ecr.us-east-1.amazonaws.com', false).href).toBe(
      'https://123456789012.dkr.ecr.us-east-1.amazonaws.com/',
    );
  });
});

describe('authentication, through real proxies that demand it', () => {
  /** A provider like the ECR one: hands out credentials, can be told they were refused. */
  function provider(...answers: (RegistryCredentials | undefined)[]) {
    let current = 0;
    const calls = { credentialsFor: 0, invalidate: 0 };
    const credentials: CredentialProvider = {
      credentialsFor: async () => {
        calls.credentialsFor++;
        return answers[Math.min(current, answers.length - 1)];
      },
      invalidate: () => {
        calls.invalidate++;
        current++;
      },
    };
    return { credentials, calls };
  }
  const secret = 'ecr-token-' + randomBytes(8).toString('hex');
  const good = { username: 'AWS', password: secret };
  const stale = { username: 'AWS', password: `${secret}-stale` };
  const leaks = (error: Error, password: string) =>
    [error.message, JSON.stringify(error.cause ?? {}), String(error.stack)].some(
      (text) => text.includes(password) || text.includes(Buffer.from(`AWS:${password}`).toString('base64')),
    );

  it('answers a Basic challenge with the provider credentials and sends them up front afterwards', async () => {
    const gate = await proxy(basicAuthGate({ username: 'AWS', password: secret }));
    const { credentials } = provider(good);
    const { client, counter } = testClient({ credentials });

    const image = await pushImage(gate.url, uniqueRepository('basic'), { client, tags: 'v1' });
    await client.getManifest({ registry: gate.host, repository: image.reference.repository }, 'v1');

    expect(counter.history().filter((e) => e.status === 401)).toHaveLength(1);
    expect(counter.total).toBe(7 + 1 + 1);
  });

  it('renews credentials the registry refused once, through provider.invalidate', async () => {
    const gate = await proxy(basicAuthGate({ username: 'AWS', password: secret }));
    const { credentials, calls } = provider(stale, good);
    const { client } = testClient({ credentials });

    await pushImage(gate.url, uniqueRepository('basic-renew'), { client });

    expect(calls.invalidate).toBe(1);
  });

  it('renews an expired ECR token refused with 403 DENIED once', async () => {
    const gate = await proxy(
      basicAuthGate({ username: 'AWS', password: secret, expiredPasswords: [stale.password] }),
    );
    const { credentials, calls } = provider(good, stale, good);
    const { client, counter } = testClient({ credentials });
    const repo = { registry: gate.host, repository: uniqueRepository('expired') };
    const image = await pushImage(gate.url, repo.repository, { client });
    calls.invalidate = 0;
    // The provider's cached token expires: it hands out the stale one until told it was refused.
    credentials.invalidate?.(repo.registry);
    counter.reset();

    const manifest = await client.getManifest(repo, image.digest);

    expect(manifest?.digest).toBe(image.digest);
    expect(calls.invalidate).toBe(2);
    expect(counter.history().map((e) => e.status)).toEqual([403, 200]);
  });

  it('fails with UnauthorizedError, without the password, when the credentials stay wrong', async () => {
    const gate = await proxy(basicAuthGate({ username: 'AWS', password: secret }));
    const wrong = provider(stale);
    const none = provider(undefined);

    const refused = await caught(
      testClient({ credentials: wrong.credentials }).client.getManifest(
        { registry: gate.host, repository: 'x/y' },
        'v1',
      ),
    );
    const anonymous = await caught(
      testClient({ credentials: none.credentials }).client.getManifest(
        { registry: gate.host, repository: 'x/y' },
        'v1',
      ),
    );

    expect(refused).toBeInstanceOf(UnauthorizedError);
    expect(refused.message).toMatch(/GET manifest x\/y:v1 on 127\.0\.0\.1:\d+: HTTP 401 UNAUTHORIZED/);
    expect(leaks(refused, stale.password)).toBe(false);
    expect(wrong.calls.invalidate).toBe(1);
    expect(anonymous).toBeInstanceOf(UnauthorizedError);
  });

  it('fetches a Bearer token per scope and reuses it until shortly before it expires', async () => {
    let proxyUrl = '';
    const bearer = bearerAuthGate(() => proxyUrl, { username: 'AWS', password: secret, expiresIn: 60 });
    const gate = await proxy(bearer.handler);
    proxyUrl = gate.url;
    let now = 1_000_000;
    const { credentials } = provider(good);
    const { client, counter } = testClient({ credentials, now: () => now });
    const repo = { registry: gate.host, repository: uniqueRepository('bearer') };

    const image = await pushImage(gate.url, repo.repository, { client, tags: 'v1' });
    await client.getManifest(repo, 'v1');
    await client.getManifest(repo, image.digest);
    const tokensBeforeExpiry = counter.count('GET', 'token');
    now += 55_000;
    await client.getManifest(repo, 'v1');

    expect(tokensBeforeExpiry).toBe(1);
    expect(bearer.tokenRequests[0]).toEqual({
      authenticated: true,
      scopes: [`repository:${repo.repository}:pull,push`],
    });
    expect(counter.count('GET', 'token')).toBe(2);
    expect(counter.history().filter((e) => e.status === 401)).toHaveLength(1);
  });

  it('fetches an anonymous Bearer token when the provider has no credentials', async () => {
    let proxyUrl = '';
    const bearer = bearerAuthGate(() => proxyUrl, { username: 'u', password: 'p', anonymousPull: true });
    const gate = await proxy(bearer.handler);
    proxyUrl = gate.url;
    const image = await pushImage(sharedRegistryUrl(), uniqueRepository('anonymous'), {
      client: testClient().client,
    });
    const { client } = testClient();

    const manifest = await client.getManifest(
      { registry: gate.host, repository: image.reference.repository },
      image.digest,
    );

    expect(manifest?.digest).toBe(image.digest);
    expect(bearer.tokenRequests).toEqual([
      { authenticated: false, scopes: [`repository:${image.reference.repository}:pull`] },
    ]);
  });

  it('renews a revoked Bearer token once and carries on', async () => {
    let proxyUrl = '';
    const bearer = bearerAuthGate(() => proxyUrl, { username: 'AWS', password: secret });
    const gate = await proxy(bearer.handler);
    proxyUrl = gate.url;
    const { credentials, calls } = provider(good);
    const { client } = testClient({ credentials });
    const repo = { registry: gate.host, repository: uniqueRepository('revoked') };
    const image = await pushImage(gate.url, repo.repository, { client });

    bearer.revokeAll();
    const manifest = await client.getManifest(repo, image.digest);

    expect(manifest?.digest).toBe(image.digest);
    expect(calls.invalidate).toBe(1);
    expect(bearer.tokenRequests).toHaveLength(2);
  });

  it('fails with UnauthorizedError when the token endpoint keeps refusing the credentials', async () => {
    let proxyUrl = '';
    const bearer = bearerAuthGate(() => proxyUrl, { username: 'AWS', password: secret });
    const gate = await proxy(bearer.handler);
    proxyUrl = gate.url;
    const { credentials, calls } = provider(stale);
    const { client } = testClient({ credentials });

    const error = await caught(client.getManifest({ registry: gate.host, repository: 'x/y' }, 'v1'));

    expect(error).toBeInstanceOf(UnauthorizedError);
    expect(error.message).toMatch(/token/);
    expect(leaks(error, stale.password)).toBe(false);
    expect(calls.invalidate).toBe(1);
    expect(bearer.tokenRequests).toHaveLength(2);
  });

  it('follows a redirect to a blob store without sending it the credentials', async () => {
    const repository = uniqueRepository('redirect');
    const blob = await testClient().client.pushBlob(
      { registry: sharedRegistryHost(), repository },
      randomBytes(80),
      'application/octet-stream',
    );
    const store = await proxy((request, forward) =>
      forward({ path: `/v2/${repository}/blobs/${new URL(request.path, 'http://s').pathname.slice(1)}` }),
    );
    const gate = await proxy(
      basicAuthGate({ username: 'AWS', password: secret }, (request, forward) =>
        request.method === 'GET' && request.path.includes('/blobs/sha256:')
          ? reply(307, '', { location: `${store.url}/${request.path.split('/blobs/')[1]}?X-Amz-Signature=s` })
          : forward(),
      ),
    );
    const { credentials } = provider(good);
    const { client } = testClient({ credentials });

    const bytes = await client.getBlob({ registry: gate.host, repository }, blob.digest);

    expect(sha256(bytes)).toBe(blob.digest);
    expect(store.received).toHaveLength(1);
    expect(store.received[0]?.headers.authorization).toBeUndefined();
    expect(gate.received.at(-1)?.headers.authorization).toMatch(/^Basic /);
  });
});
