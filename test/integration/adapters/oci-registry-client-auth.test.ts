import { randomBytes } from 'node:crypto';
import { UnauthorizedError } from '../../../functions/core/errors';
import type {
  CredentialProvider,
  RegistryCredentials,
} from '../../../functions/core/ports/registry-credentials';
import { pushImage } from '../../harness/image-builder';
import { reply } from '../../harness/registry-proxy';
import { basicAuthGate, bearerAuthGate } from '../../harness/registry-proxy-auth';
import { sharedRegistryHost, sharedRegistryUrl } from '../../harness/services';
import { uniqueRepository, sha256, testClient, caught, proxy } from './oci-registry-client-fixture';

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
