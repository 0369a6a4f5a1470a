import { fromTrivyReport, type TrivyReportExpectations } from './from-trivy-report';
import type { ScanSummary } from './scan-summary';

/** The manifest annotation in which CI puts its Trivy JSON report (`crane mutate --annotation`). */
export const TRIVY_SCAN_ANNOTATION = 'trivy.scan.result';

/**
 * The scan a CI pipeline attached to an image manifest as the `trivy.scan.result` annotation, or
 * undefined when there is none. Whether to trust it is the policy's decision
 * (`CompiledPolicy.trustsTrivyReportFor`), not this function's.
 *
 * @throws InvalidInputError when the annotation is there but is not a valid Trivy report
 */
export function trivyReportFromAnnotations(
  annotations: Readonly<Record<string, string>> | undefined,
  now: Date = new Date(),
  expect: TrivyReportExpectations = {},
): ScanSummary | undefined {
  const report = annotations?.[TRIVY_SCAN_ANNOTATION];
  return report === undefined ? undefined : fromTrivyReport(report, now, expect);
}
