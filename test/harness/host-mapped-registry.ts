import type {
  BlobPresence,
  ManifestToPut,
  Registry,
  RepositoryLocator,
} from '../../functions/core/ports/registry';

/**
 * Lets a test speak of images by their ECR names (`123456789012.dkr.ecr.us-west-2.amazonaws.com/team/app`)
 * while the bytes live in the local registry: every call's registry host is mapped before it reaches the
 * real client. Signatures therefore name the ECR repository, as they would in AWS.
 */
export class HostMappedRegistry implements Registry {
  constructor(
    private readonly inner: Registry,
    private readonly map: (host: string) => string,
  ) {}

  private at(repo: RepositoryLocator): RepositoryLocator {
    return { registry: this.map(repo.registry), repository: repo.repository };
  }

  getManifest(repo: RepositoryLocator, reference: string) {
    return this.inner.getManifest(this.at(repo), reference);
  }
  putManifest(repo: RepositoryLocator, reference: string, manifest: ManifestToPut) {
    return this.inner.putManifest(this.at(repo), reference, manifest);
  }
  blobExists(repo: RepositoryLocator, digest: string) {
    return this.inner.blobExists(this.at(repo), digest);
  }
  getBlob(repo: RepositoryLocator, digest: string) {
    return this.inner.getBlob(this.at(repo), digest);
  }
  pushBlob(repo: RepositoryLocator, bytes: Uint8Array, mediaType: string, presence?: BlobPresence) {
    return this.inner.pushBlob(this.at(repo), bytes, mediaType, presence);
  }
  pushBlobWhenReady(repo: RepositoryLocator, bytes: Promise<Uint8Array | undefined>, mediaType: string) {
    return this.inner.pushBlobWhenReady!(this.at(repo), bytes, mediaType);
  }
  listTags(repo: RepositoryLocator) {
    return this.inner.listTags(this.at(repo));
  }
  referrers(repo: RepositoryLocator, digest: string, artifactType?: string) {
    return this.inner.referrers(this.at(repo), digest, artifactType);
  }
  putReferrer(repo: RepositoryLocator, manifest: ManifestToPut, subjectDigest: string) {
    return this.inner.putReferrer(this.at(repo), manifest, subjectDigest);
  }
}
