import { StartImageScanCommand, type ECRClient } from '@aws-sdk/client-ecr';
import type { ScanStarter } from '../../core/ports/scan-reader';
import { parseEcrRegistry } from '../../core/reference/ecr-registry';
import type { VerdictKey } from '../../core/verdict/verdict';
import type { EcrClientForRegion } from './ecr-credential-provider';
import { translateEcrError } from './ecr-errors';

/** Refusals that mean "nothing to start", not failures. */
const SKIPPED: Readonly<Record<string, string>> = {
  LimitExceededException: 'basic scanning allows one scan per image per day',
  UnsupportedImageTypeException: 'ECR cannot scan this image type',
  ValidationException: 'the registry uses enhanced scanning (Inspector scans on its own)',
};

/** ECR basic scanning's StartImageScan, for repositories whose scanning is manual. */
export class EcrScanStarter implements ScanStarter {
  private readonly clientFor: EcrClientForRegion;

  constructor(client: ECRClient | EcrClientForRegion) {
    this.clientFor = typeof client === 'function' ? client : () => client;
  }

  async startScan(image: VerdictKey): Promise<{ outcome: 'started' | 'skipped'; detail?: string }> {
    const ecr = parseEcrRegistry(image.registry);
    try {
      await this.clientFor(ecr?.region).send(
        new StartImageScanCommand({
          registryId: ecr?.accountId,
          repositoryName: image.repository,
          imageId: { imageDigest: image.digest },
        }),
      );
      return { outcome: 'started' };
    } catch (error) {
      const why = SKIPPED[(error as { name?: string }).name ?? ''];
      if (why) return { outcome: 'skipped', detail: why };
      throw translateEcrError(error, `StartImageScan of ${image.repository}@${image.digest}`);
    }
  }
}
