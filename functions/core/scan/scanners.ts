/** Where each scanner is documented; the `scanner.uri` of a ScanSummary and of a vuln attestation. */
export const SCANNER_URIS = {
  trivy: 'https://github.com/aquasecurity/trivy',
  'ecr-basic': 'https://docs.aws.amazon.com/AmazonECR/latest/userguide/image-scanning-basic.html',
  inspector: 'https://docs.aws.amazon.com/inspector/latest/user/scanning-ecr.html',
} as const;

/** The version reported when a scanner does not say which version it is. */
export const UNKNOWN_SCANNER_VERSION = 'unknown';
