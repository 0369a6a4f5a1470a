import { InvalidInputError, UpstreamError } from '../../core/errors';
import type {
  BlobPresence,
  Descriptor,
  ManifestToPut,
  Registry,
  RepositoryLocator,
  StoredManifest,
} from '../../core/ports/registry';
import type { CredentialProvider } from '../../core/ports/registry-credentials';
import { ApiPaths, isDigestReference } from './api-paths';
import { BlobUploader } from './blob-uploader';
import { type BodyLimits, DEFAULT_BODY_LIMITS, readBounded } from './bounded-body';
import { isContentDigest, sha256Digest } from '../../core/oci/digest';
import { digestWithAlgorithmOf, requireDigest, verifyDigest } from './digest';
import { manifestMediaType, parseJsonObject, referrerDescriptor } from './manifest-json';
import { MANIFEST_ACCEPT } from '../../core/oci/media-types';
import { repositoryScope } from './registry-auth';
import { errorFromResponse } from './registry-errors';
import type { RegistryResponse } from './registry-response';
import { ReferrersReader } from './referrers-reader';
import { addToFallbackIndex } from './referrers-fallback';
import { RegistryTransport, type RegistryRequest, isLoopbackRegistry } from './registry-transport';
import type { RequestListener } from './request-counter';
import { DEFAULT_RETRY_POLICY, type RetryPolicy, backoffDelayMs } from './retry';
import { TagLister } from './tag-lister';
import { KeyedLock } from './keyed-lock';

export interface OciRegistryClientOptions {
  /** Credentials per registry host; anonymous when absent. */
  readonly credentials?: CredentialProvider;
  /** Hosts reached over plain HTTP; default: loopback (`127.0.0.1`, `localhost`, `[::1]`). */
  readonly insecureRegistries?: (host: string) => boolean;
  readonly retry?: Partial<RetryPolicy>;
  /** Called for every HTTP request sent (see RequestCounter). */
  readonly onRequest?: RequestListener;
  /** Per HTTP request; default 30 s. */
  readonly timeoutMs?: number;
  /** A kept-alive connection idle this long is closed; default 4 s, as fetch (undici) did. */
  readonly idleConnectionMs?: number;
  readonly limits?: Partial<BodyLimits>;
  /** `n` of a tags list page; default 1000. */
  readonly tagsPageSize?: number;
  /** Write-and-check rounds of a referrers fallback index; default 5. */
  readonly referrersIndexAttempts?: number;
  /** Clock for token lifetimes; default `Date.now`. */
  readonly now?: () => number;
  readonly userAgent?: string;
}

/**
 * The `Registry` port over the OCI distribution HTTP API, over node:http(s) and no SDK. Works with
 * Amazon ECR (Basic auth with `AWS:<token>`), token-auth registries (Bearer) and open ones. Verifies the
 * digest of everything it reads, and stores referrers through the referrers tag schema where the
 * registry has no referrers API (Distribution 2.8).
 */
export class OciRegistryClient implements Registry {
  private readonly transport: RegistryTransport;
  private readonly limits: BodyLimits;
  private readonly retry: RetryPolicy;
  private readonly referrersReader: ReferrersReader;
  private readonly tagLister: TagLister;
  private readonly indexLock = new KeyedLock();
  private readonly blobs: BlobUploader;

  constructor(private readonly options: OciRegistryClientOptions = {}) {
    this.limits = { ...DEFAULT_BODY_LIMITS, ...options.limits };
    this.retry = { ...DEFAULT_RETRY_POLICY, ...options.retry };
    this.transport = new RegistryTransport({
      credentials: options.credentials,
      insecureRegistries: options.insecureRegistries ?? isLoopbackRegistry,
      retry: this.retry,
      onRequest: options.onRequest,
      timeoutMs: options.timeoutMs ?? 30_000,
      idleConnectionMs: options.idleConnectionMs ?? 4_000,
      limits: this.limits,
      now: options.now ?? Date.now,
      userAgent: options.userAgent ?? 'image-trust',
    });
    this.referrersReader = new ReferrersReader(this.transport, this.limits, (repo, tag) =>
      this.getManifest(repo, tag),
    );
    this.blobs = new BlobUploader(this.transport, this.limits);
    this.tagLister = new TagLister(this.transport, this.limits, options.tagsPageSize ?? 1000);
  }

  async getManifest(repo: RepositoryLocator, reference: string): Promise<StoredManifest | undefined> {
    const request = this.request(repo, 'GET', 'manifest', ApiPaths.manifest(repo.repository, reference), {
      what: `manifest ${at(repo, reference)}`,
      headers: { accept: MANIFEST_ACCEPT },
    });
    const response = await this.transport.send(request);
    if (response.status === 404) {
      await response.discard();
      return undefined;
    }
    if (response.status !== 200) throw await this.error(response, request);
    const bytes = await readBounded(response, this.limits.manifestBytes, request.what);
    const mediaType = manifestMediaType(response.header('content-type'), bytes);
    if (isDigestReference(reference)) {
      verifyDigest(reference, bytes, request.what);
      return { digest: reference, mediaType, bytes };
    }
    return { digest: checkedDigest(response, bytes, request.what), mediaType, bytes };
  }

  async putManifest(repo: RepositoryLocator, reference: string, manifest: ManifestToPut): Promise<string> {
    return (await this.storeManifest(repo, reference, manifest)).digest;
  }

  async blobExists(repo: RepositoryLocator, digest: string): Promise<boolean> {
    return this.blobs.exists(repo, digest);
  }

  async getBlob(repo: RepositoryLocator, digest: string): Promise<Uint8Array> {
    const request = this.request(repo, 'GET', 'blob', ApiPaths.blob(repo.repository, digest), {
      what: `blob ${at(repo, digest)}`,
    });
    const response = await this.transport.send(request);
    if (response.status !== 200) throw await this.error(response, request);
    const bytes = await readBounded(response, this.limits.blobBytes, request.what);
    verifyDigest(digest, bytes, request.what);
    return bytes;
  }

  async pushBlob(
    repo: RepositoryLocator,
    bytes: Uint8Array,
    mediaType: string,
    presence?: BlobPresence,
  ): Promise<Descriptor> {
    return this.blobs.push(repo, bytes, mediaType, presence);
  }

  async pushBlobWhenReady(
    repo: RepositoryLocator,
    bytes: Promise<Uint8Array | undefined>,
    mediaType: string,
  ): Promise<Descriptor | undefined> {
    return this.blobs.pushWhenReady(repo, bytes, mediaType);
  }

  async listTags(repo: RepositoryLocator): Promise<string[]> {
    return this.tagLister.list(repo);
  }

  async referrers(repo: RepositoryLocator, digest: string, artifactType?: string): Promise<Descriptor[]> {
    return this.referrersReader.list(repo, requireDigest(digest), artifactType);
  }

  async putReferrer(
    repo: RepositoryLocator,
    manifest: ManifestToPut,
    subjectDigest: string,
  ): Promise<Descriptor> {
    requireDigest(subjectDigest);
    const json = parseJsonObject(manifest.bytes);
    const subject = (json?.subject as { digest?: unknown } | undefined)?.digest;
    if (!json || subject !== subjectDigest)
      throw new InvalidInputError(`a referrer of ${subjectDigest} must name it as its subject`);
    const digest = sha256Digest(manifest.bytes);
    const descriptor = referrerDescriptor(json, manifest.mediaType, digest, manifest.bytes.byteLength);
    const stored = await this.storeManifest(repo, digest, manifest);
    if (stored.subjectHeader !== null) {
      this.referrersReader.learnSupport(repo.registry, true);
      return descriptor;
    }
    // One index update at a time per subject in this process; across processes the pipeline's signing
    // lease keeps a digest's writers apart.
    await this.indexLock.run(`${repo.registry}/${repo.repository}@${subjectDigest}`, () =>
      addToFallbackIndex(
        {
          getManifest: (tag) => this.getManifest(repo, tag),
          putManifest: (tag, index) => this.putManifest(repo, tag, index),
        },
        subjectDigest,
        descriptor,
        {
          attempts: this.options.referrersIndexAttempts ?? 5,
          pause: (round) => this.retry.sleep(backoffDelayMs(this.retry, round)),
        },
      ),
    );
    return descriptor;
  }

  /** PUTs a manifest; returns its digest and the `OCI-Subject` header of the answer. */
  private async storeManifest(
    repo: RepositoryLocator,
    reference: string,
    manifest: ManifestToPut,
  ): Promise<{ digest: string; subjectHeader: string | null }> {
    const what = `manifest ${at(repo, reference)}`;
    const digest = isDigestReference(reference)
      ? digestWithAlgorithmOf(reference, manifest.bytes)
      : sha256Digest(manifest.bytes);
    if (isDigestReference(reference) && digest !== reference)
      throw new InvalidInputError(`${what}: the manifest bytes have digest ${digest}`);
    if (manifest.bytes.byteLength > this.limits.manifestBytes)
      throw new InvalidInputError(`${what}: larger than ${this.limits.manifestBytes} bytes`);
    const request = this.request(repo, 'PUT', 'manifest', ApiPaths.manifest(repo.repository, reference), {
      what,
      headers: { 'content-type': manifest.mediaType },
      body: manifest.bytes,
      push: true,
    });
    const response = await this.transport.send(request);
    if (!response.ok) {
      // A shared blob remembered as present may be gone (garbage collected): ask again next time.
      this.blobs.forget(repo);
      throw await this.error(response, request);
    }
    await response.discard();
    const reported = response.header('docker-content-digest');
    if (reported && isContentDigest(reported) && reported !== digestWithAlgorithmOf(reported, manifest.bytes))
      throw new UpstreamError(`${what}: the registry reports digest ${reported}, the bytes have ${digest}`);
    return { digest, subjectHeader: response.header('oci-subject') };
  }

  private request(
    repo: RepositoryLocator,
    method: RegistryRequest['method'],
    kind: RegistryRequest['kind'],
    target: string | URL,
    extra: { what: string; headers?: Record<string, string>; body?: Uint8Array; push?: boolean },
  ): RegistryRequest {
    return {
      registry: repo.registry,
      method,
      kind,
      target,
      scope: repositoryScope(repo.repository, extra.push ?? false),
      what: extra.what,
      headers: extra.headers,
      body: extra.body,
    };
  }

  private error(response: RegistryResponse, request: RegistryRequest) {
    return errorFromResponse(response, request, this.limits.errorBytes);
  }
}

/** The digest of manifest bytes fetched by tag, checked against `Docker-Content-Digest` when sent. */
function checkedDigest(response: RegistryResponse, bytes: Uint8Array, what: string): string {
  const reported = response.header('docker-content-digest');
  if (reported && isContentDigest(reported)) {
    verifyDigest(reported, bytes, what);
    return reported;
  }
  return sha256Digest(bytes);
}

function at(repo: RepositoryLocator, reference: string): string {
  return `${repo.repository}${isDigestReference(reference) ? '@' : ':'}${reference}`;
}
