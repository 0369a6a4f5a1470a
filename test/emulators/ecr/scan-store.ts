/**
 * Scan results per (repository, image digest), as DescribeImageScanFindings returns them, and the
 * StartImageScan rules: basic scanning only, once per image per 24 hours (a scan on push counts).
 */
import { EcrApiError, ecrErrors } from './errors';
import type { ImageCatalog, ImageRecord, ImageToRegister } from './images';
import { isIndex, isScannable } from './scannability';
import type { JsonObject } from './wire';

/** The model's `ScanStatus`. */
export type ScanStatus =
  | 'IN_PROGRESS'
  | 'COMPLETE'
  | 'FAILED'
  | 'UNSUPPORTED_IMAGE'
  | 'ACTIVE'
  | 'PENDING'
  | 'SCAN_ELIGIBILITY_EXPIRED'
  | 'FINDINGS_UNAVAILABLE'
  | 'LIMIT_EXCEEDED'
  | 'IMAGE_ARCHIVED';

/** BASIC answers with `imageScanFindings.findings`, ENHANCED (Inspector) with `enhancedFindings`. */
export type ScanKind = 'BASIC' | 'ENHANCED';

/** One image's scan as DescribeImageScanFindings reports it; findings in wire form (JSON). */
export interface ScanResult {
  readonly kind: ScanKind;
  readonly status: ScanStatus;
  readonly description?: string;
  /** Absent: the response carries no `imageScanFindings` at all (a scan in progress). */
  readonly findings?: readonly JsonObject[];
  /** Sent as given (never recomputed), so fixtures round-trip; absent stays absent. */
  readonly findingSeverityCounts?: Readonly<Record<string, number>>;
  /** Epoch milliseconds. */
  readonly imageScanCompletedAt?: number;
  /** Epoch milliseconds. */
  readonly vulnerabilitySourceUpdatedAt?: number;
}

/**
 * The quota of StartImageScan: one basic scan per image per 24 hours, the scan on push included
 * (LimitExceededException). Sources: https://docs.aws.amazon.com/AWSJavaScriptSDK/v3/latest/client/ecr/command/StartImageScanCommand
 * and https://docs.amazonaws.cn/en_us/AmazonECR/latest/userguide/manual-scan.html ("An image can be
 * scanned once per 24 hours. The 24 hours includes the initial scan on push ... and any manual scans").
 */
export const SCAN_QUOTA_WINDOW_MS = 24 * 60 * 60 * 1000;

interface ScanRecord {
  readonly result: ScanResult;
  /** When the image's last basic scan began (StartImageScan or on push), epoch milliseconds. */
  readonly basicScanAt?: number;
}

/** Extra facts about an image that `set` registers because the catalogue lacks it. */
export type ImageDefaults = Omit<ImageToRegister, 'repositoryName' | 'imageDigest'>;

/** Scan results per image; the setup API of tests and the state of the scan operations. */
export class ScanStore {
  /** The registry's scanning configuration (PutRegistryScanningConfiguration in ECR). */
  registryScanType: ScanKind = 'BASIC';
  private readonly records = new Map<string, ScanRecord>();

  constructor(
    private readonly images: ImageCatalog,
    private readonly now: () => number,
  ) {}

  /**
   * Sets (or completes) the scan of an image, registering the image when the catalogue lacks it. A
   * BASIC result counts as the image's scan for the 24-hour quota (scan on push), unless a
   * StartImageScan in the window already did. Refuses (a test's mistake, not an ECR answer) what ECR
   * never produces: a scan of an image index, or findings for an image its scanner cannot read
   * (scannability.ts).
   */
  set(repositoryName: string, imageDigest: string, result: ScanResult, image: ImageDefaults = {}): void {
    const record =
      this.images.find(repositoryName, { imageDigest }) ??
      this.images.register({ ...image, repositoryName, imageDigest });
    if (isIndex(record))
      throw new Error(
        `ECR never scans an image index (${repositoryName}@${imageDigest}): scan its platforms`,
      );
    if (!isScannable(record) && result.status !== 'UNSUPPORTED_IMAGE')
      throw new Error(
        `ECR cannot scan ${repositoryName}@${imageDigest}: its scan can only be UNSUPPORTED_IMAGE`,
      );
    const previous = this.records.get(key(repositoryName, imageDigest))?.basicScanAt;
    const inWindow = previous !== undefined && this.now() - previous < SCAN_QUOTA_WINDOW_MS;
    const basicScanAt = inWindow ? previous : result.kind === 'BASIC' ? this.now() : previous;
    this.records.set(key(repositoryName, imageDigest), { result, basicScanAt });
  }

  /**
   * What ECR does when an image is pushed to a repository that scans on push: an index gets no scan
   * (each platform manifest is pushed, and scanned, on its own); an image the scanner cannot read (an
   * artifact such as cosign's `.sig` or `.att`) ends UNSUPPORTED_IMAGE at once; any other image's
   * basic scan starts (IN_PROGRESS; a test completes it with `set`). Returns the scan, if any.
   */
  scanOnPush(image: ImageRecord): ScanResult | undefined {
    if (this.registryScanType !== 'BASIC' || isIndex(image)) return undefined;
    const result: ScanResult = isScannable(image)
      ? { kind: 'BASIC', status: 'IN_PROGRESS', description: 'The scan is in progress.' }
      : { kind: 'BASIC', status: 'UNSUPPORTED_IMAGE', description: UNSUPPORTED_DESCRIPTION };
    this.records.set(key(image.repositoryName, image.imageDigest), { result, basicScanAt: this.now() });
    return result;
  }

  get(repositoryName: string, imageDigest: string): ScanResult | undefined {
    return this.records.get(key(repositoryName, imageDigest))?.result;
  }

  /** Forgets an image's scan (DescribeImageScanFindings then answers ScanNotFoundException). */
  remove(repositoryName: string, imageDigest: string): void {
    this.records.delete(key(repositoryName, imageDigest));
  }

  /**
   * StartImageScan on an image the catalogue holds: marks its scan IN_PROGRESS. Throws
   * LimitExceededException inside the 24-hour window, and refuses on an enhanced registry and for
   * image types basic scanning cannot read (an index, an artifact).
   */
  start(repositoryName: string, imageDigest: string): ScanResult {
    if (this.registryScanType !== 'BASIC')
      throw new EcrApiError('ValidationException', 'This feature is disabled');
    const image = this.images.find(repositoryName, { imageDigest });
    // An index, or an artifact: UnsupportedImageTypeException (scannability.ts has the sources).
    if (image && !isScannable(image)) throw ecrErrors.unsupportedImageType();
    const previous = this.records.get(key(repositoryName, imageDigest))?.basicScanAt;
    if (previous !== undefined && this.now() - previous < SCAN_QUOTA_WINDOW_MS)
      throw ecrErrors.limitExceeded();
    const result: ScanResult = {
      kind: 'BASIC',
      status: 'IN_PROGRESS',
      description: 'The scan is in progress.',
    };
    this.records.set(key(repositoryName, imageDigest), { result, basicScanAt: this.now() });
    return result;
  }
}

/** The description of an UNSUPPORTED_IMAGE scan (ECR's wording as users quote it; no sample in conformance/). */
export const UNSUPPORTED_DESCRIPTION = 'The operating system and/or package manager are not supported.';

function key(repositoryName: string, imageDigest: string): string {
  return `${repositoryName}@${imageDigest}`;
}
