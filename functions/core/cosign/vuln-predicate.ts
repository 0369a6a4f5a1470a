import type { ScanSummary } from '../scan/scan-summary';

/** cosign's vuln/v1 predicate (`cosign attest --type vuln`), carrying our scan summary as the result. */
export interface VulnPredicate {
  readonly invocation: { parameters: null; uri: string; event_id: string; 'builder.id': string };
  readonly scanner: {
    uri: string;
    version: string;
    db: { uri: string; version: string };
    result: {
      source: string;
      severityCounts: ScanSummary['severityCounts'];
      findings: ScanSummary['findings'];
    };
  };
  readonly metadata: { scanStartedOn: string; scanFinishedOn: string };
}

export function vulnPredicate(scan: ScanSummary, invocationUri = 'image-trust'): VulnPredicate {
  return {
    invocation: { parameters: null, uri: invocationUri, event_id: '', 'builder.id': '' },
    scanner: {
      uri: scan.scanner.uri,
      version: scan.scanner.version,
      db: { uri: '', version: scan.scanner.dbVersion ?? '' },
      result: { source: scan.source, severityCounts: scan.severityCounts, findings: scan.findings },
    },
    metadata: { scanStartedOn: scan.startedAt ?? scan.completedAt, scanFinishedOn: scan.completedAt },
  };
}
