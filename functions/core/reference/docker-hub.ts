import { looksLikeRegistry } from './grammar';

/** The registry Docker assumes when a reference names none. */
export const DOCKER_HUB_REGISTRY = 'docker.io';
/** Docker Hub's legacy host, which Docker rewrites to `docker.io`. */
const DOCKER_HUB_LEGACY_REGISTRY = 'index.docker.io';
/** The namespace of Docker Hub's official images (`nginx` is `library/nginx`). */
const OFFICIAL_NAMESPACE = 'library/';

/**
 * Applies Docker's defaults to a lower-case registry and a repository, as `docker pull` does:
 * `index.docker.io` becomes `docker.io`, and a one-component repository on Docker Hub is an official
 * image under `library/` (`docker.io/nginx` is `docker.io/library/nginx`). Other registries are left
 * as they are (`registry-1.docker.io` too, as Docker does).
 */
export function withDockerHubDefaults(
  registry: string,
  repository: string,
): { readonly registry: string; readonly repository: string } {
  const host = registry === DOCKER_HUB_LEGACY_REGISTRY ? DOCKER_HUB_REGISTRY : registry;
  if (host === DOCKER_HUB_REGISTRY && !repository.includes('/')) {
    return { registry: host, repository: `${OFFICIAL_NAMESPACE}${repository}` };
  }
  return { registry: host, repository };
}

/**
 * The short name Docker shows for a reference's name: `docker.io/library/nginx` is `nginx`,
 * `docker.io/team/app` is `team/app`; names on other registries are shown in full, and so is a Docker
 * Hub name whose short form would read as another registry.
 */
export function familiarName(registry: string, repository: string): string {
  const full = `${registry}/${repository}`;
  if (registry !== DOCKER_HUB_REGISTRY) {
    return full;
  }
  const rest = repository.slice(OFFICIAL_NAMESPACE.length);
  if (repository.startsWith(OFFICIAL_NAMESPACE) && !rest.includes('/')) {
    return rest;
  }
  // `docker.io/a.b/c` shown as `a.b/c` would read as repository `c` on registry `a.b`.
  const first = repository.slice(0, repository.indexOf('/'));
  return looksLikeRegistry(first) ? full : repository;
}
