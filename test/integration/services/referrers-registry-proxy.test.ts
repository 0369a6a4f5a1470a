import { MediaTypes } from '../../../functions/core/oci/media-types';
import { pushImage } from '../../harness/image-builder';
import {
  startReferrersRegistryProxy,
  type ReferrersRegistryProxy,
} from '../../harness/referrers-registry-proxy';
import { sharedRegistryUrl } from '../../harness/services';

const json = (value: unknown) => JSON.stringify(value);

/** The test registry with the OCI 1.1 referrers API: the proxy's answers, checked by plain HTTP. */
describe('the referrers proxy in front of Distribution 2.8', () => {
  let proxy: ReferrersRegistryProxy;
  beforeAll(async () => {
    proxy = await startReferrersRegistryProxy(sharedRegistryUrl());
  });
  afterAll(() => proxy.close());

  async function putReferrer(repository: string, subject: { digest: string; size: number }, type: string) {
    const config = await pushImage(proxy.host, repository); // a config blob the manifest can name
    const body = json({
      schemaVersion: 2,
      mediaType: MediaTypes.ociManifest,
      artifactType: type,
      config: config.config,
      layers: config.layers,
      subject: { mediaType: MediaTypes.ociManifest, ...subject },
      annotations: { kind: type },
    });
    const put = await fetch(`${proxy.url}/v2/${repository}/manifests/${type.replace(/\W/g, '-')}`, {
      method: 'PUT',
      headers: { 'content-type': MediaTypes.ociManifest },
      body,
    });
    return { put, digest: put.headers.get('docker-content-digest')! };
  }

  it('answers OCI-Subject to a PUT with a subject and lists it, filtered by artifactType', async () => {
    const repository = 'proxy/referrers';
    const image = await pushImage(proxy.host, repository);
    const subject = { digest: image.digest, size: image.manifest.byteLength };

    const sig = await putReferrer(repository, subject, 'application/vnd.test.sig');
    await putReferrer(repository, subject, 'application/vnd.test.sbom');
    const all = await fetch(`${proxy.url}/v2/${repository}/referrers/${image.digest}`);
    const filtered = await fetch(
      `${proxy.url}/v2/${repository}/referrers/${image.digest}?artifactType=application%2Fvnd.test.sig`,
    );

    expect(sig.put.status).toBe(201);
    expect(sig.put.headers.get('oci-subject')).toBe(image.digest);
    expect(all.headers.get('content-type')).toBe(MediaTypes.ociIndex);
    expect(all.headers.get('oci-filters-applied')).toBeNull();
    const listed = (await all.json()) as { manifests: { artifactType: string; digest: string }[] };
    expect(listed.manifests.map((m) => m.artifactType)).toEqual([
      'application/vnd.test.sig',
      'application/vnd.test.sbom',
    ]);
    expect(filtered.headers.get('oci-filters-applied')).toBe('artifactType');
    expect(((await filtered.json()) as { manifests: unknown[] }).manifests).toEqual([
      expect.objectContaining({
        digest: sig.digest,
        artifactType: 'application/vnd.test.sig',
        annotations: { kind: 'application/vnd.test.sig' },
      }),
    ]);
  });

  it('answers an empty index (never 404) for a digest without referrers, 400 for a malformed one', async () => {
    const none = await fetch(`${proxy.url}/v2/proxy/none/referrers/sha256:${'0'.repeat(64)}`);
    const malformed = await fetch(`${proxy.url}/v2/proxy/none/referrers/not-a-digest`);

    expect(none.status).toBe(200);
    expect(await none.json()).toEqual({ schemaVersion: 2, mediaType: MediaTypes.ociIndex, manifests: [] });
    expect(malformed.status).toBe(400);
  });

  it('drops a deleted referrer from the list; a PUT without a subject gets no OCI-Subject', async () => {
    const repository = 'proxy/deleted';
    const image = await pushImage(proxy.host, repository);
    const referrer = await putReferrer(
      repository,
      { digest: image.digest, size: image.manifest.byteLength },
      'application/vnd.test.gone',
    );

    const deleted = await fetch(`${proxy.url}/v2/${repository}/manifests/${referrer.digest}`, {
      method: 'DELETE',
    });

    const plain = await fetch(`${proxy.url}/v2/${repository}/manifests/v1`, {
      method: 'PUT',
      headers: { 'content-type': image.mediaType },
      body: Buffer.from(image.manifest),
    });

    expect(deleted.status).toBe(202);
    expect(proxy.referrersOf(repository, image.digest)).toEqual([]);
    expect(plain.status).toBe(201);
    expect(plain.headers.get('oci-subject')).toBeNull();
  });
});
