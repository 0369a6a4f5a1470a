/**
 * The emulator's own catalogue of repositories and images, which tests register (directly, or read
 * from the real registry with registry-import.ts). DescribeImages reads it; the scan operations
 * check an image exists in it.
 */
import type { ImageIdentifier } from './wire';

export const DOCKER_MANIFEST = 'application/vnd.docker.distribution.manifest.v2+json';
export const DOCKER_CONFIG = 'application/vnd.docker.container.image.v1+json';
export const OCI_INDEX = 'application/vnd.oci.image.index.v1+json';
export const DOCKER_MANIFEST_LIST = 'application/vnd.docker.distribution.manifest.list.v2+json';

/** An image as ECR's `ImageDetail` describes it. */
export interface ImageRecord {
  readonly repositoryName: string;
  readonly imageDigest: string;
  readonly imageTags: readonly string[];
  readonly imageManifestMediaType: string;
  /** The config media type (or the manifest's `artifactType`); absent for an index. */
  readonly artifactMediaType?: string;
  /** The media types of the manifest's layers, when known (registry-import reads them). */
  readonly layerMediaTypes?: readonly string[];
  /** Epoch milliseconds. */
  readonly imagePushedAt: number;
  readonly imageSizeInBytes: number;
}

/** What a test says about an image it registers; the rest takes defaults. */
export interface ImageToRegister {
  readonly repositoryName: string;
  readonly imageDigest: string;
  readonly imageTags?: readonly string[];
  /** Default: Docker manifest v2. */
  readonly imageManifestMediaType?: string;
  /** Default: the Docker image config type (none for an index). */
  readonly artifactMediaType?: string;
  readonly layerMediaTypes?: readonly string[];
  /** Epoch milliseconds; default: the emulator's clock. */
  readonly imagePushedAt?: number;
  readonly imageSizeInBytes?: number;
}

const DIGEST = /^sha256:[a-f0-9]{64}$/;

/** Repositories and their images, keyed by digest; a tag points at one image per repository. */
export class ImageCatalog {
  private readonly repositories = new Map<string, Map<string, ImageRecord>>();

  constructor(private readonly now: () => number) {}

  createRepository(repositoryName: string): void {
    if (!this.repositories.has(repositoryName)) this.repositories.set(repositoryName, new Map());
  }

  /** Every repository's name, in the order they were created. */
  repositoryNames(): string[] {
    return [...this.repositories.keys()];
  }

  hasRepository(repositoryName: string): boolean {
    return this.repositories.has(repositoryName);
  }

  /**
   * Adds an image (creating its repository) or updates it; its tags move away from any other image of
   * the repository, as a push of a tag does.
   */
  register(image: ImageToRegister): ImageRecord {
    if (!DIGEST.test(image.imageDigest)) throw new Error(`not a sha256 digest: ${image.imageDigest}`);
    this.createRepository(image.repositoryName);
    const images = this.repositories.get(image.repositoryName) as Map<string, ImageRecord>;
    const previous = images.get(image.imageDigest);
    const tags = [...new Set([...(previous?.imageTags ?? []), ...(image.imageTags ?? [])])];
    for (const other of images.values())
      if (other.imageDigest !== image.imageDigest && other.imageTags.some((t) => tags.includes(t)))
        images.set(other.imageDigest, {
          ...other,
          imageTags: other.imageTags.filter((t) => !tags.includes(t)),
        });
    const mediaType = image.imageManifestMediaType ?? previous?.imageManifestMediaType ?? DOCKER_MANIFEST;
    const isIndex = isIndexType(mediaType);
    const layers = image.layerMediaTypes ?? previous?.layerMediaTypes;
    const record: ImageRecord = {
      repositoryName: image.repositoryName,
      imageDigest: image.imageDigest,
      imageTags: tags,
      imageManifestMediaType: mediaType,
      artifactMediaType:
        image.artifactMediaType ?? previous?.artifactMediaType ?? (isIndex ? undefined : DOCKER_CONFIG),
      ...(layers === undefined ? {} : { layerMediaTypes: layers }),
      imagePushedAt: image.imagePushedAt ?? previous?.imagePushedAt ?? this.now(),
      imageSizeInBytes: image.imageSizeInBytes ?? previous?.imageSizeInBytes ?? 0,
    };
    images.set(image.imageDigest, record);
    return record;
  }

  /** Deletes an image; true when there was one. */
  remove(repositoryName: string, imageDigest: string): boolean {
    return this.repositories.get(repositoryName)?.delete(imageDigest) ?? false;
  }

  /** The image a digest and/or tag names; both must match when both are given. */
  find(repositoryName: string, id: ImageIdentifier): ImageRecord | undefined {
    const images = this.repositories.get(repositoryName);
    if (!images) return undefined;
    const byDigest = id.imageDigest === undefined ? undefined : images.get(id.imageDigest);
    if (id.imageTag === undefined) return byDigest;
    const byTag = [...images.values()].find((i) => i.imageTags.includes(id.imageTag as string));
    return id.imageDigest === undefined || byTag === byDigest ? byTag : undefined;
  }

  /** Every image of a repository, oldest push first. */
  list(repositoryName: string): ImageRecord[] {
    return [...(this.repositories.get(repositoryName)?.values() ?? [])].sort(
      (a, b) => a.imagePushedAt - b.imagePushedAt,
    );
  }
}

/** Whether a manifest media type is an image index (OCI) or manifest list (Docker). */
export function isIndexType(mediaType: string): boolean {
  return mediaType === OCI_INDEX || mediaType === DOCKER_MANIFEST_LIST;
}
