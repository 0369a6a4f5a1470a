/**
 * The DescribeImageScanFindings response, as far as image-trust reads it. Our own minimal shapes (the
 * core imports no AWS SDK); the SDK's `DescribeImageScanFindingsCommandOutput` is assignable to
 * EcrScanFindingsPage, and so is the AWS CLI's JSON (timestamps as epoch seconds).
 */

/** A time as the SDK (Date), the CLI (seconds since the epoch) or JSON.stringify (ISO string) gives it. */
export type EcrTimestamp = Date | number | string;

/** `{ key: 'CVSS2_SCORE' | 'CVSS3_SCORE' | 'package_name' | 'package_version' | ..., value }`. */
export interface EcrFindingAttribute {
  readonly key: string | undefined;
  readonly value?: string | undefined;
}

/** A basic-scanning finding. */
export interface EcrBasicFinding {
  readonly name?: string | undefined;
  readonly severity?: string | undefined;
  readonly attributes?: readonly EcrFindingAttribute[] | undefined;
}

export interface EcrVulnerablePackage {
  readonly name?: string | undefined;
  readonly version?: string | undefined;
  readonly epoch?: number | undefined;
  readonly release?: string | undefined;
  readonly fixedInVersion?: string | undefined;
}

/** An enhanced-scanning (Amazon Inspector) finding. */
export interface EcrEnhancedFinding {
  readonly severity?: string | undefined;
  readonly score?: number | undefined;
  readonly fixAvailable?: string | undefined;
  readonly packageVulnerabilityDetails?:
    | {
        readonly vulnerabilityId?: string | undefined;
        readonly vulnerablePackages?: readonly EcrVulnerablePackage[] | undefined;
        readonly cvss?:
          | readonly { readonly baseScore?: number | undefined; readonly version?: string | undefined }[]
          | undefined;
      }
    | undefined;
}

/** One page of DescribeImageScanFindings. */
export interface EcrScanFindingsPage {
  readonly registryId?: string | undefined;
  readonly repositoryName?: string | undefined;
  readonly imageId?:
    { readonly imageDigest?: string | undefined; readonly imageTag?: string | undefined } | undefined;
  readonly imageScanStatus?:
    { readonly status?: string | undefined; readonly description?: string | undefined } | undefined;
  readonly imageScanFindings?:
    | {
        readonly imageScanCompletedAt?: EcrTimestamp | undefined;
        readonly vulnerabilitySourceUpdatedAt?: EcrTimestamp | undefined;
        readonly findingSeverityCounts?: Readonly<Record<string, number>> | undefined;
        readonly findings?: readonly EcrBasicFinding[] | undefined;
        readonly enhancedFindings?: readonly EcrEnhancedFinding[] | undefined;
      }
    | undefined;
  /** Set when there are more pages; the last page passed must have none. */
  readonly nextToken?: string | undefined;
}
