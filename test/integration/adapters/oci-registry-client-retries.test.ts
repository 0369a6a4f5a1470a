import { randomBytes } from 'node:crypto';
import { ThrottledError, UpstreamError } from '../../../functions/core/errors';
import type { RegistryResponseError } from '../../../functions/adapters/registry';
import { isLoopbackRegistry, registryBaseUrl } from '../../../functions/adapters/registry';
import { freePort } from '../../../bin/local/services/free-port';
import { pushImage } from '../../harness/image-builder';
import { registryError, reply } from '../../harness/registry-proxy';
import { sharedRegistryHost, sharedRegistryUrl } from '../../harness/services';
import {
  uniqueRepository,
  testClient,
  caught,
  proxy,
  failFirst,
  isManifestPut,
  isUploadPut,
} from './oci-registry-client-fixture';

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
