/** Scan results from every source, reduced to ScanSummary; see each module for the details. */
export { SEVERITIES, type Finding, type ScanSource, type ScanSummary, type Severity } from './scan-summary';
export { countSeverities, isSeverity, toSeverity } from './severity';
export { SCANNER_URIS } from './scanners';
export { fromTrivyReport, type TrivyReportExpectations } from './from-trivy-report';
export { TRIVY_SCAN_ANNOTATION, trivyReportFromAnnotations } from './trivy-annotation';
export { fromEcrScanFindings, type EcrScanFindingsOptions } from './from-ecr-scan-findings';
export type {
  EcrBasicFinding,
  EcrEnhancedFinding,
  EcrFindingAttribute,
  EcrScanFindingsPage,
  EcrTimestamp,
  EcrVulnerablePackage,
} from './ecr-scan-findings-page';
export { scanStatusMeaning, ScanUnusableError, type ScanStatusMeaning } from './scan-status';
export { findingFromInspectorEvent, type InspectorImageFinding } from './finding-from-inspector-event';
export { INSPECTOR_FINDING_STATUSES, type InspectorFindingStatus } from './inspector-event-schema';
