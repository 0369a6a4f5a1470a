import { DescribeImagesCommand, paginateDescribeRepositories, type ECRClient } from '@aws-sdk/client-ecr';
import type { ImageLister, ImagePage } from '../../core/ports/image-lister';
import type { RepositoryLocator } from '../../core/ports/registry';
import { parseEcrRegistry } from '../../core/reference/ecr-registry';
import type { EcrClientForRegion } from './ecr-credential-provider';
import { translateEcrError } from './ecr-errors';

/** ImageLister on ECR: DescribeRepositories (every page) and DescribeImages (one page per call). */
export class EcrImageLister implements ImageLister {
  private readonly clientFor: EcrClientForRegion;

  constructor(client: ECRClient | EcrClientForRegion) {
    this.clientFor = typeof client === 'function' ? client : () => client;
  }

  async listRepositories(registry: string): Promise<readonly string[]> {
    const ecr = parseEcrRegistry(registry);
    const names: string[] = [];
    try {
      const pages = paginateDescribeRepositories(
        { client: this.clientFor(ecr?.region), pageSize: 1000 },
        { registryId: ecr?.accountId },
      );
      for await (const page of pages)
        for (const repository of page.repositories ?? [])
          if (repository.repositoryName) names.push(repository.repositoryName);
    } catch (error) {
      throw translateEcrError(error, `DescribeRepositories of ${registry}`);
    }
    return names;
  }

  async listImages(repo: RepositoryLocator, maxResults: number, nextToken?: string): Promise<ImagePage> {
    const ecr = parseEcrRegistry(repo.registry);
    try {
      const out = await this.clientFor(ecr?.region).send(
        new DescribeImagesCommand({
          registryId: ecr?.accountId,
          repositoryName: repo.repository,
          maxResults,
          ...(nextToken ? { nextToken } : {}),
        }),
      );
      return {
        images: (out.imageDetails ?? []).flatMap((detail) =>
          detail.imageDigest
            ? [
                {
                  digest: detail.imageDigest,
                  tags: detail.imageTags ?? [],
                  ...(detail.imagePushedAt ? { pushedAt: detail.imagePushedAt.toISOString() } : {}),
                  ...(detail.imageManifestMediaType
                    ? { manifestMediaType: detail.imageManifestMediaType }
                    : {}),
                  ...(detail.artifactMediaType ? { artifactMediaType: detail.artifactMediaType } : {}),
                },
              ]
            : [],
        ),
        ...(out.nextToken ? { nextToken: out.nextToken } : {}),
      };
    } catch (error) {
      throw translateEcrError(error, `DescribeImages of ${repo.repository}`);
    }
  }
}
