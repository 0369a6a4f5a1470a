import type { RepositoryLocator } from './registry';

/** One image of a repository as the registry's control plane lists it (ECR DescribeImages). */
export interface ListedImage {
  readonly digest: string;
  readonly tags: readonly string[];
  /** ISO 8601, when known. */
  readonly pushedAt?: string;
  readonly manifestMediaType?: string;
  readonly artifactMediaType?: string;
}

/** One page of images and the token of the next, if any. */
export interface ImagePage {
  readonly images: readonly ListedImage[];
  readonly nextToken?: string;
}

/**
 * Lists what a registry holds, page by page, so the reconciler can find a push whose event was lost
 * (EventBridge delivery is best effort). ECR: DescribeRepositories and DescribeImages.
 */
export interface ImageLister {
  /** The names of the registry's repositories, every page. */
  listRepositories(registry: string): Promise<readonly string[]>;
  /** One page of a repository's images (at most `maxResults`, 1-1000), from `nextToken`. */
  listImages(repo: RepositoryLocator, maxResults: number, nextToken?: string): Promise<ImagePage>;
}

/** Where the last discovery run of a registry stopped: the repository and the page token in it. */
export interface DiscoveryCursor {
  readonly repository: string;
  readonly nextToken?: string;
}

/** Keeps the discovery cursor of each registry (one table item per registry). */
export interface DiscoveryCursorStore {
  get(registry: string): Promise<DiscoveryCursor | undefined>;
  /** `undefined` clears it: the next run starts from the first repository. */
  put(registry: string, cursor: DiscoveryCursor | undefined): Promise<void>;
}
