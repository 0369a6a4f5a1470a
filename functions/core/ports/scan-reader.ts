import type { ScanSummary } from '../scan/scan-summary';
import type { StoredManifest } from './registry';
import type { VerdictKey } from '../verdict/verdict';

/**
 * Reads the latest finished vulnerability scan of an image: ECR's DescribeImageScanFindings (basic or
 * Inspector enhanced, all pages), or a Trivy report attached to the manifest in CI. `undefined` when
 * there is no finished scan yet.
 */
export interface ScanReader {
  /**
   * @param manifest the image's manifest when the caller read it already in this evaluation (a reader that
   *   needs it, such as the Trivy annotation reader, then does not read it again)
   */
  readScan(image: VerdictKey, manifest?: StoredManifest): Promise<ScanSummary | undefined>;
}

/** Starts a scan where scanning is manual (ECR basic StartImageScan). */
export interface ScanStarter {
  /** `started`, or `skipped` with why (already scanned today, an unsupported image, enhanced scanning). */
  startScan(
    image: VerdictKey,
  ): Promise<{ readonly outcome: 'started' | 'skipped'; readonly detail?: string }>;
}
