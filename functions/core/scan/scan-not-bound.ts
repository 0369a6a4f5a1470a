import { ImageTrustError } from '../errors';

/**
 * Evidence that is about another image: a Trivy report whose `Metadata.ImageID` is not the manifest's
 * config digest, or whose `Metadata.RepoDigests` do not include the manifest's digest (a report
 * copied from another build or platform). It is ignored, as if there were no report, never counted as
 * a scan of this image and never a reason to reject it.
 */
export class ScanNotBoundError extends ImageTrustError {
  constructor(message: string) {
    super('INVALID_INPUT', message);
  }
}
