/**
 * What the OciRegistryClient tests share: a repository of its own per test in the shared real registry,
 * clients whose retries do not sleep, proxies in front of the registry (closed after each test).
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Registry, RepositoryLocator } from '../../../functions/core/ports/registry';
import {
  MediaTypes,
  OciRegistryClient,
  type OciRegistryClientOptions,
  RequestCounter,
} from '../../../functions/adapters/registry';
import { type PushedImage } from '../../harness/image-builder';
import {
  type ProxyHandler,
  type ProxyRequest,
  type RegistryProxy,
  registryError,
  startRegistryProxy,
} from '../../harness/registry-proxy';
import { sharedRegistryUrl } from '../../harness/services';

// Prepare: every test works in its own repository of the shared real registry (Distribution 2.8.2).
export const uniqueRepository = (name: string) =>
  `it/registry-client/${name}-${randomBytes(4).toString('hex')}`;
export const at = (registry: string, name: string): RepositoryLocator => ({
  registry,
  repository: uniqueRepository(name),
});
export const encode = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));
export const sha256 = (bytes: Uint8Array) => `sha256:${createHash('sha256').update(bytes).digest('hex')}`;

/** A client whose retries sleep for no time and record what they would have waited. */
export function testClient(options: OciRegistryClientOptions & { sleeps?: number[] } = {}) {
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

export async function caught(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a rejection');
}

const proxies: RegistryProxy[] = [];
export async function proxy(handler?: ProxyHandler): Promise<RegistryProxy> {
  const started = await startRegistryProxy(sharedRegistryUrl(), handler);
  proxies.push(started);
  return started;
}
afterEach(async () => {
  await Promise.all(proxies.splice(0).map((p) => p.close()));
});

/** Fails the first `times` requests that `matches` with `status`, then forwards. */
export function failFirst(
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
export const isManifestPut = (r: ProxyRequest) => r.method === 'PUT' && r.path.includes('/manifests/');
export const isUploadPut = (r: ProxyRequest) => r.method === 'PUT' && r.path.includes('/blobs/uploads/');

/** A manifest that refers to `subject`, with an empty config and one small layer. */
export async function referrerManifest(
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
