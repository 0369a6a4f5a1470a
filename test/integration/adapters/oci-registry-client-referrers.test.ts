import { ConflictError, InvalidInputError } from '../../../functions/core/errors';
import { MediaTypes, referrersFallbackTag } from '../../../functions/adapters/registry';
import { pushImage } from '../../harness/image-builder';
import { reply } from '../../harness/registry-proxy';
import { sharedRegistryHost, sharedRegistryUrl } from '../../harness/services';
import {
  at,
  encode,
  testClient,
  caught,
  proxy,
  isManifestPut,
  referrerManifest,
} from './oci-registry-client-fixture';

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
