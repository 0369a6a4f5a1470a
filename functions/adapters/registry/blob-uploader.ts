import type { BlobPresence, Descriptor, RepositoryLocator } from '../../core/ports/registry';
import { ApiPaths } from './api-paths';
import type { BodyLimits } from './bounded-body';
import { sha256Digest } from '../../core/oci/digest';
import { repositoryScope } from './registry-auth';
import { errorFromResponse } from './registry-errors';
import type { RegistryRequest, RegistryTransport } from './registry-transport';

/**
 * Blob existence and monolithic upload: `HEAD` first (no upload for a blob the registry has; skipped
 * for a blob unique to one write, remembered for one many writes share), then
 * `POST /blobs/uploads/` and `PUT <Location>&digest=` with the bytes. The `Location` may be relative
 * and may already carry a query (Distribution's `_state`); the digest is appended, the rest kept as is.
 */
export class BlobUploader {
  constructor(
    private readonly transport: RegistryTransport,
    private readonly limits: BodyLimits,
  ) {}

  /** Whether the repository has the blob; `push` asks for a pull-and-push token up front. */
  async exists(repo: RepositoryLocator, digest: string, push = false): Promise<boolean> {
    const request = blobRequest(
      repo,
      'HEAD',
      ApiPaths.blob(repo.repository, digest),
      `blob ${at(repo, digest)}`,
      push,
    );
    const response = await this.transport.send(request);
    await response.discard();
    if (response.status === 200) return true;
    if (response.status === 404) return false;
    throw await errorFromResponse(response, request, this.limits.errorBytes);
  }

  /** Uploads in flight, by registry, repository and digest. */
  private readonly inFlight = new Map<string, Promise<Descriptor>>();
  /** Shared blobs known to be in a repository (`registry/repository` → digests), for this process. */
  private readonly known = new Map<string, Set<string>>();

  /** Forgets the shared blobs remembered for a repository (a manifest PUT there failed: one may be gone). */
  forget(repo: RepositoryLocator): void {
    this.known.delete(repoKey(repo));
  }

  /**
   * Uploads a blob unless the repository has it. Concurrent pushes of the same content to the same
   * repository share one upload: Distribution 2.8 can fail a manifest whose blob was being uploaded
   * twice at once (DIGEST_INVALID / MANIFEST_BLOB_UNKNOWN), and one upload is cheaper anyway.
   */
  async push(
    repo: RepositoryLocator,
    bytes: Uint8Array,
    mediaType: string,
    presence: BlobPresence = 'check',
  ): Promise<Descriptor> {
    const digest = sha256Digest(bytes);
    if (presence === 'shared' && this.known.get(repoKey(repo))?.has(digest))
      return { mediaType, digest, size: bytes.byteLength };
    const key = `${repoKey(repo)}@${digest}`;
    const running = this.inFlight.get(key);
    if (running) return { ...(await running), mediaType };
    const upload = this.pushOnce(repo, bytes, mediaType, presence !== 'upload')
      .then((descriptor) => {
        if (presence === 'shared') this.remember(repo, digest);
        return descriptor;
      })
      .finally(() => this.inFlight.delete(key));
    this.inFlight.set(key, upload);
    return upload;
  }

  private remember(repo: RepositoryLocator, digest: string): void {
    const key = repoKey(repo);
    const digests = this.known.get(key) ?? new Set<string>();
    // Bounded: a process signing in many repositories keeps a few shared blobs for each.
    if (this.known.size >= MAX_KNOWN_REPOSITORIES && !this.known.has(key)) this.known.clear();
    this.known.set(key, digests.add(digest));
  }

  /**
   * Uploads unless present (`check`: HEAD first). When the upload fails, the blob may have landed
   * although the answer was lost (checked with HEAD); an upload session the registry lost (404) is
   * started over once.
   */
  private async pushOnce(
    repo: RepositoryLocator,
    bytes: Uint8Array,
    mediaType: string,
    check: boolean,
  ): Promise<Descriptor> {
    const descriptor: Descriptor = { mediaType, digest: sha256Digest(bytes), size: bytes.byteLength };
    if (check && (await this.exists(repo, descriptor.digest, true))) return descriptor;
    for (let round = 1; ; round++) {
      try {
        await this.uploadOnce(repo, descriptor.digest, bytes);
        return descriptor;
      } catch (error) {
        if (await this.exists(repo, descriptor.digest, true)) return descriptor;
        const sessionLost = (error as { code?: unknown }).code === 'NOT_FOUND';
        if (round > 1 || !sessionLost) throw error;
      }
    }
  }

  /**
   * Uploads a blob whose bytes are still being made (a signature, a config listing it): the upload
   * session is opened (`POST`) at once, the bytes `PUT` when they come; `undefined` bytes leave the
   * session unused (the registry expires it). A session that failed or was lost is uploaded anew.
   */
  async pushWhenReady(
    repo: RepositoryLocator,
    bytes: Promise<Uint8Array | undefined>,
    mediaType: string,
  ): Promise<Descriptor | undefined> {
    const session = this.startUpload(repo, 'a blob being made').then(
      (location) => ({ location }),
      (error: unknown) => ({ error }),
    );
    const ready = await bytes;
    if (ready === undefined) return undefined;
    const descriptor: Descriptor = { mediaType, digest: sha256Digest(ready), size: ready.byteLength };
    const key = `${repoKey(repo)}@${descriptor.digest}`;
    const running = this.inFlight.get(key);
    if (running) return { ...(await running), mediaType };
    const upload = session
      .then(async (opened) => {
        if ('error' in opened) return this.pushOnce(repo, ready, mediaType, false);
        try {
          await this.finishUpload(repo, opened.location, descriptor.digest, ready);
          return descriptor;
        } catch (error) {
          if (await this.exists(repo, descriptor.digest, true)) return descriptor;
          if ((error as { code?: unknown }).code !== 'NOT_FOUND') throw error;
          return this.pushOnce(repo, ready, mediaType, false);
        }
      })
      .finally(() => this.inFlight.delete(key));
    this.inFlight.set(key, upload);
    return upload;
  }

  private async uploadOnce(repo: RepositoryLocator, digest: string, bytes: Uint8Array): Promise<void> {
    const location = await this.startUpload(repo, at(repo, digest));
    await this.finishUpload(repo, location, digest, bytes);
  }

  /** `POST /blobs/uploads/`: the session's `Location`. */
  private async startUpload(repo: RepositoryLocator, what: string): Promise<string> {
    const start = blobRequest(repo, 'POST', ApiPaths.uploads(repo.repository), `blob upload ${what}`, true);
    const started = await this.transport.send(start);
    const location = started.header('location');
    if (started.status !== 202 || !location)
      throw await errorFromResponse(started, start, this.limits.errorBytes);
    await started.discard();
    return location;
  }

  /** `PUT <Location>&digest=` with the bytes: the upload completed. */
  private async finishUpload(
    repo: RepositoryLocator,
    location: string,
    digest: string,
    bytes: Uint8Array,
  ): Promise<void> {
    const what = `blob upload ${at(repo, digest)}`;
    const target = this.transport.resolve(repo.registry, location);
    const url = new URL(`${target.href}${target.search ? '&' : '?'}digest=${encodeURIComponent(digest)}`);
    const put = {
      ...blobRequest(repo, 'PUT', url, what, true),
      headers: { 'content-type': 'application/octet-stream' },
      body: bytes,
    };
    const response = await this.transport.send(put);
    if (response.status !== 201 && response.status !== 204)
      throw await errorFromResponse(response, put, this.limits.errorBytes);
    await response.discard();
  }
}

function blobRequest(
  repo: RepositoryLocator,
  method: RegistryRequest['method'],
  target: string | URL,
  what: string,
  push: boolean,
): RegistryRequest {
  return {
    registry: repo.registry,
    method,
    kind: 'blob',
    target,
    scope: repositoryScope(repo.repository, push),
    what,
  };
}

const MAX_KNOWN_REPOSITORIES = 10_000;

const repoKey = (repo: RepositoryLocator): string => `${repo.registry}/${repo.repository}`;

function at(repo: RepositoryLocator, digest: string): string {
  return `${repo.repository}@${digest}`;
}
