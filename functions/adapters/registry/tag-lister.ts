import { UpstreamError } from '../../core/errors';
import type { RepositoryLocator } from '../../core/ports/registry';
import { ApiPaths, nextPageLink } from './api-paths';
import { type BodyLimits, readBounded } from './bounded-body';
import { parseJsonObject } from './manifest-json';
import { repositoryScope } from './registry-auth';
import { errorFromResponse } from './registry-errors';
import type { RegistryTransport } from './registry-transport';

/** More pages than this means a registry that keeps answering with `Link`: stop. */
const MAX_PAGES = 1000;

/**
 * Lists a repository's tags page by page: `?n=` asks for a page size, a `Link: <...>; rel="next"`
 * header leads to the next page (registries that ignore `n`, like Distribution 2.8, answer in one).
 */
export class TagLister {
  constructor(
    private readonly transport: RegistryTransport,
    private readonly limits: BodyLimits,
    private readonly pageSize: number,
  ) {}

  /** All tags; NotFoundError when the registry does not know the repository. */
  async list(repo: RepositoryLocator): Promise<string[]> {
    let target: string = ApiPaths.tags(repo.repository, this.pageSize);
    const tags: string[] = [];
    for (let page = 1; page <= MAX_PAGES; page++) {
      const request = {
        registry: repo.registry,
        method: 'GET',
        kind: 'tags',
        target,
        scope: repositoryScope(repo.repository, false),
        what: `tags of ${repo.repository}`,
        headers: { accept: 'application/json' },
      } as const;
      const response = await this.transport.send(request);
      if (response.status !== 200) throw await errorFromResponse(response, request, this.limits.errorBytes);
      const body = parseJsonObject(await readBounded(response, this.limits.listBytes, request.what));
      const pageTags = body?.tags ?? [];
      if (!Array.isArray(pageTags) || !pageTags.every((t) => typeof t === 'string'))
        throw new UpstreamError(`${request.what} on ${repo.registry}: not a tags list`);
      tags.push(...(pageTags as string[]));
      const next = nextPageLink(response.header('link'));
      if (!next) return tags;
      target = next;
    }
    throw new UpstreamError(`tags of ${repo.repository} on ${repo.registry}: more than ${MAX_PAGES} pages`);
  }
}
