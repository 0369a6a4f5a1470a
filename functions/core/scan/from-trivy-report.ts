import { InvalidInputError } from '../errors';
import { quote } from '../reference/quote';
import { ScanNotBoundError } from './scan-not-bound';
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
   * The manifest's config digest. A report whose `Metadata.ImageID` is present and differs is about
   * another image (copied from an earlier build, or another platform's report).
   */
  readonly imageId?: string;
  /** The manifest's digest. A report whose `Metadata.RepoDigests` are present must include it. */
  readonly digest?: string;
}

/**
 * The completion time of a report without `CreatedAt`: undated evidence counts as the oldest there
 * is (stale), never as "now".
 */
export const UNDATED = new Date(0).toISOString();

/**
 * Reads a Trivy JSON report (SchemaVersion 2), given parsed or as the JSON text itself (as CI puts it in
 * the `trivy.scan.result` annotation). Every entry of `Results[].Vulnerabilities[]` becomes one Finding,
 * so a CVE in two packages counts twice, as Trivy counts it. The score is the highest CVSS v3 score
 * of any source, else the highest v2 score. `CreatedAt` is the completion time; a report without it
 * is undated (`undated: true`, completed at the epoch, so stale under any freshness window). `_now` is
 * no longer read: an undated report is not dated by its reader.
 *
 * @throws InvalidInputError naming the first problems, when the report is not JSON or not a
 *   SchemaVersion 2 report
 * @throws ScanNotBoundError when the report says it is about another image than `expect` names
 */
export function fromTrivyReport(
  json: unknown,
  _now: Date = new Date(),
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
  const completedAt = toIsoTimestamp(report.CreatedAt, 'Trivy report CreatedAt');
  return {
    source: 'trivy',
    scanner: { uri: SCANNER_URIS.trivy, version: report.Trivy?.Version ?? UNKNOWN_SCANNER_VERSION },
    completedAt: completedAt ?? UNDATED,
    ...(completedAt === undefined ? { undated: true as const } : {}),
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
  const imageId = report.Metadata?.ImageID;
  if (expect.imageId !== undefined && imageId !== undefined && imageId !== expect.imageId) {
    throw new ScanNotBoundError(
      `the Trivy report is about image ${quote(imageId)}, not this manifest's config ${quote(expect.imageId)} ` +
        '(copied from another build or platform?): ignored',
    );
  }
  const repoDigests = report.Metadata?.RepoDigests;
  const digest = expect.digest;
  if (digest !== undefined && repoDigests !== undefined && repoDigests.length > 0) {
    if (!repoDigests.some((d) => d === digest || d.endsWith(`@${digest}`))) {
      throw new ScanNotBoundError(
        `the Trivy report's RepoDigests ${repoDigests.map((d) => quote(d)).join(', ')} do not include ` +
          `${quote(digest)}: the report is about another manifest; ignored`,
      );
    }
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
