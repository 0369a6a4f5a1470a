import type { Descriptor, RepositoryLocator, StoredManifest } from '../../core/ports/registry';
import { ApiPaths, nextPageLink } from './api-paths';
import { type BodyLimits, readBounded } from './bounded-body';
import { indexDescriptors, parseIndex } from './manifest-json';
import { MediaTypes } from '../../core/oci/media-types';
import { readFallbackReferrers } from './referrers-fallback';
import { repositoryScope } from './registry-auth';
import { errorFromResponse } from './registry-errors';
import type { RegistryTransport } from './registry-transport';

const MAX_PAGES = 100;
/** The most referrers listed per subject; the signing code examines far fewer (READ_LIMITS). */
const MAX_REFERRERS = 1000;

/**
 * Lists referrers: the OCI 1.1 referrers API first; on its 404 (a registry without it, such as
 * Distribution 2.8) the fallback index tagged `sha256-HEX`. What a registry answered is remembered per
 * host, so later calls skip the API it lacks. The artifact type filter is applied here as well, since
 * registries may ignore it (they say so by leaving out `OCI-Filters-Applied`).
 */
export class ReferrersReader {
  private readonly support = new Map<string, boolean>();

  constructor(
    private readonly transport: RegistryTransport,
    private readonly limits: BodyLimits,
    private readonly getManifest: (
      repo: RepositoryLocator,
      tag: string,
    ) => Promise<StoredManifest | undefined>,
  ) {}

  /** Records whether `registry` has the referrers API (an `OCI-Subject` answer says it has). */
  learnSupport(registry: string, supported: boolean): void {
    this.support.set(registry, supported);
  }

  async list(repo: RepositoryLocator, digest: string, artifactType?: string): Promise<Descriptor[]> {
    const all =
      (this.support.get(repo.registry) !== false
        ? await this.fromApi(repo, digest, artifactType)
        : undefined) ??
      (await readFallbackReferrers({ getManifest: (tag) => this.getManifest(repo, tag) }, digest));
    return artifactType === undefined ? all : all.filter((d) => d.artifactType === artifactType);
  }

  /** The referrers API's answer, or `undefined` when the registry has no such API (404). */
  private async fromApi(
    repo: RepositoryLocator,
    digest: string,
    artifactType?: string,
  ): Promise<Descriptor[] | undefined> {
    let target = ApiPaths.referrers(repo.repository, digest, artifactType);
    const descriptors: Descriptor[] = [];
    for (let page = 1; page <= MAX_PAGES; page++) {
      const request = {
        registry: repo.registry,
        method: 'GET',
        kind: 'referrers',
        target,
        scope: repositoryScope(repo.repository, false),
        what: `referrers of ${repo.repository}@${digest}`,
        headers: { accept: MediaTypes.ociIndex },
      } as const;
      const response = await this.transport.send(request);
      if (response.status === 404 && page === 1) {
        await response.discard();
        this.support.set(repo.registry, false);
        return undefined;
      }
      if (response.status !== 200) throw await errorFromResponse(response, request, this.limits.errorBytes);
      this.support.set(repo.registry, true);
      const bytes = await readBounded(response, this.limits.listBytes, request.what);
      descriptors.push(...indexDescriptors(parseIndex(bytes, request.what)));
      const next = nextPageLink(response.header('link'));
      if (!next || descriptors.length >= MAX_REFERRERS) break;
      target = next;
    }
    return descriptors;
  }
}
