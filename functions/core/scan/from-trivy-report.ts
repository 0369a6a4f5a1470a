import { InvalidInputError } from '../errors';
import { quote } from '../reference/quote';
import type { Finding, ScanSummary } from './scan-summary';
import { SCANNER_URIS, UNKNOWN_SCANNER_VERSION } from './scanners';
import { dropUndefined } from './drop-undefined';
import { countSeverities } from './severity';
import { toIsoTimestamp } from './timestamps';
import { trivyReportSchema, type TrivyReport, type TrivyVulnerability } from './trivy-report-schema';
import { formatIssues, zodMessages } from '../validation/zod-messages';

/** What the caller knows about the image a report must describe. */
export interface TrivyReportExpectations {
  /**
   * The image's config digest (`Metadata.ImageID` in the report). When given, a report about another
   * image, e.g. one copied from an earlier build, is rejected.
   */
  readonly imageId?: string;
}

/**
 * Reads a Trivy JSON report (SchemaVersion 2), given parsed or as the JSON text itself (as CI puts it in
 * the `trivy.scan.result` annotation). Every entry of `Results[].Vulnerabilities[]` becomes one Finding,
 * so a CVE in two packages counts twice, as Trivy counts it. The score is the highest CVSS v3 score
 * of any source, else the highest v2 score. `CreatedAt` is the completion time; a report without it
 * is taken as completed at `now`.
 *
 * @throws InvalidInputError naming the first problems, when the report is not JSON, not a SchemaVersion
 *   2 report, or not about `expect.imageId`
 */
export function fromTrivyReport(
  json: unknown,
  now: Date = new Date(),
  expect: TrivyReportExpectations = {},
): ScanSummary {
  const parsed = trivyReportSchema.safeParse(typeof json === 'string' ? parseJson(json) : json, {
    error: zodMessages,
  });
  if (!parsed.success) {
    throw new InvalidInputError(formatIssues('Trivy report', parsed.error), { cause: parsed.error });
  }
  const report = parsed.data;
  checkImage(report, expect);
  const findings = (report.Results ?? []).flatMap((result) => (result.Vulnerabilities ?? []).map(toFinding));
  return {
    source: 'trivy',
    scanner: { uri: SCANNER_URIS.trivy, version: report.Trivy?.Version ?? UNKNOWN_SCANNER_VERSION },
    completedAt: toIsoTimestamp(report.CreatedAt, 'Trivy report CreatedAt') ?? now.toISOString(),
    severityCounts: countSeverities(findings),
    findings,
  };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (cause) {
    const detail = cause instanceof Error ? `: ${cause.message}` : '';
    throw new InvalidInputError(`Trivy report is not valid JSON${detail}`, { cause });
  }
}

function checkImage(report: TrivyReport, expect: TrivyReportExpectations): void {
  if (expect.imageId === undefined) {
    return;
  }
  const imageId = report.Metadata?.ImageID;
  if (imageId === undefined) {
    throw new InvalidInputError(
      `Trivy report does not name the image it scanned (no Metadata.ImageID); expected ${quote(expect.imageId)}`,
    );
  }
  if (imageId !== expect.imageId) {
    throw new InvalidInputError(
      `Trivy report is about image ${quote(imageId)}, not ${quote(expect.imageId)}: was it copied from another build?`,
    );
  }
}

function toFinding(vulnerability: TrivyVulnerability): Finding {
  const fixed =
    vulnerability.FixedVersion === undefined || vulnerability.FixedVersion === ''
      ? undefined
      : vulnerability.FixedVersion;
  return dropUndefined({
    id: vulnerability.VulnerabilityID,
    severity: vulnerability.Severity,
    score: highestScore(vulnerability),
    packageName: vulnerability.PkgName,
    packageVersion: vulnerability.InstalledVersion,
    fixAvailable: fixed !== undefined,
    fixedVersion: fixed,
  });
}

/** The highest V3Score across CVSS sources, else the highest V2Score; undefined when there is none. */
function highestScore(vulnerability: TrivyVulnerability): number | undefined {
  const sources = Object.values(vulnerability.CVSS ?? {});
  const highest = (scores: (number | undefined)[]): number | undefined => {
    const present = scores.filter((s): s is number => s !== undefined);
    return present.length === 0 ? undefined : Math.max(...present);
  };
  return highest(sources.map((s) => s.V3Score)) ?? highest(sources.map((s) => s.V2Score));
}
