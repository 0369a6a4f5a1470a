import { randomBytes } from 'node:crypto';
import { MediaTypes } from '../../../functions/adapters/registry';
import { pushImage } from '../../harness/image-builder';
import { registryError } from '../../harness/registry-proxy';
import { sharedRegistryHost } from '../../harness/services';
import { at, caught, encode, proxy, sha256, testClient } from './oci-registry-client-fixture';

describe('blob uploads: asking first only where it saves work', () => {
  const host = () => sharedRegistryHost();

  it('uploads a blob unique to one write without a HEAD first', async () => {
    const { client, counter } = testClient();
    const repo = at(host(), 'unique');
    const bytes = randomBytes(64);

    const pushed = await client.pushBlob(repo, bytes, 'application/octet-stream', 'upload');

    expect(pushed.digest).toBe(sha256(bytes));
    expect(counter.snapshot()).toEqual({ 'POST blob': 1, 'PUT blob': 1 });
    expect(await client.getBlob(repo, pushed.digest)).toEqual(new Uint8Array(bytes));
  });

  it('checks a shared blob once per repository per process, then remembers it', async () => {
    const { client, counter } = testClient();
    const repo = at(host(), 'shared');
    const other = at(host(), 'shared-other');
    const empty = encode({});

    for (let i = 0; i < 3; i++) await client.pushBlob(repo, empty, MediaTypes.ociEmpty, 'shared');
    await client.pushBlob(other, empty, MediaTypes.ociEmpty, 'shared');

    // Per repository: one HEAD (404 in a new repository), one upload; nothing for the next two.
    expect(counter.snapshot()).toEqual({ 'HEAD blob': 2, 'POST blob': 2, 'PUT blob': 2 });
  });

  it('asks again after a manifest PUT in that repository failed (a remembered blob may be gone)', async () => {
    let failing = false;
    const flaky = await proxy((request, forward) =>
      failing && request.method === 'PUT' && request.path.includes('/manifests/')
        ? registryError(400, 'MANIFEST_BLOB_UNKNOWN', 'blob unknown to registry')
        : forward(),
    );
    const { client, counter } = testClient();
    const repo = at(flaky.host, 'forget');
    const image = await pushImage(repo.registry, repo.repository, { client });
    await client.pushBlob(repo, encode({}), MediaTypes.ociEmpty, 'shared');
    counter.reset();
    failing = true;

    const error = await caught(
      client.putManifest(repo, 'v1', { mediaType: image.mediaType, bytes: image.manifest }),
    );
    failing = false;
    await client.pushBlob(repo, encode({}), MediaTypes.ociEmpty, 'shared');

    expect(error).toMatchObject({ retryable: false });
    expect(counter.count('HEAD', 'blob')).toBe(1);
  });
});
