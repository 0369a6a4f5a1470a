import { parseManifest } from '../../core/cosign/oci-manifest';
import type { Registry, StoredManifest } from '../../core/ports/registry';
import type { ScanReader } from '../../core/ports/scan-reader';
import { trivyReportFromAnnotations } from '../../core/scan/trivy-annotation';
import type { ScanSummary } from '../../core/scan/scan-summary';
import type { VerdictKey } from '../../core/verdict/verdict';

/**
 * The CI scenario of image-security.md: the scan is the Trivy JSON report that CI attached to the image
 * manifest as the `trivy.scan.result` annotation. Whether a repository's reports are trusted is the
 * policy's decision (`trustTrivyReportFor`); this only reads them, and throws ScanNotBoundError for a
 * report about another image (`Metadata.ImageID` or `RepoDigests`).
 */
export class TrivyAnnotationScanReader implements ScanReader {
  constructor(
    private readonly registry: Registry,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async readScan(image: VerdictKey, known?: StoredManifest): Promise<ScanSummary | undefined> {
    const stored =
      known?.digest === image.digest ? known : await this.registry.getManifest(image, image.digest);
    if (!stored) return undefined;
    const manifest = parseManifest(stored.bytes);
    // The report counts only for the manifest it describes (its config digest, its digest).
    return trivyReportFromAnnotations(manifest.annotations, this.now(), {
      digest: image.digest,
      ...(manifest.config ? { imageId: manifest.config.digest } : {}),
    });
  }
}
