import { InvalidInputError } from '../errors';
import { quote } from '../reference/quote';
import type { EcrScanFindingsPageData } from './ecr-scan-findings-schema';
import { SEVERITIES, type Severity } from './scan-summary';
import { toSeverity } from './severity';

type Counts = Partial<Record<Severity, number>>;

/**
 * The counts ECR declares in `findingSeverityCounts`, in our severities (UNTRIAGED added to UNDEFINED);
 * the highest count of any page, since each page repeats the totals. Undefined when no page has counts.
 *
 * @throws InvalidInputError for a severity key no scanner uses
 */
export function declaredSeverityCounts(pages: readonly EcrScanFindingsPageData[]): Counts | undefined {
  let declared: Counts | undefined;
  for (const page of pages) {
    const counts = page.imageScanFindings?.findingSeverityCounts;
    if (counts === undefined) continue;
    const pageCounts: Counts = {};
    for (const [key, count] of Object.entries(counts)) {
      const severity = toSeverity(key);
      if (severity === undefined) {
        throw new InvalidInputError(`ECR findingSeverityCounts has the unknown severity ${quote(key)}`);
      }
      pageCounts[severity] = (pageCounts[severity] ?? 0) + count;
    }
    declared ??= {};
    for (const severity of SEVERITIES) {
      const count = pageCounts[severity];
      if (count !== undefined) declared[severity] = Math.max(declared[severity] ?? 0, count);
    }
  }
  return declared;
}

/**
 * Checks the findings read against the counts ECR declares. Fewer findings than declared means some
 * were lost (a page not passed, a truncated response): an error, since the missing ones could be the
 * critical ones. More than declared is accepted: counts and findings are read at different moments.
 *
 * @throws InvalidInputError naming each severity with fewer findings than declared
 */
export function checkAgainstDeclared(parsed: Counts, declared: Counts | undefined, pageCount: number): void {
  if (declared === undefined) return;
  const short = SEVERITIES.filter((s) => (parsed[s] ?? 0) < (declared[s] ?? 0)).map(
    (s) => `${declared[s] ?? 0} ${s} declared, ${parsed[s] ?? 0} listed`,
  );
  if (short.length > 0) {
    throw new InvalidInputError(
      `ECR scan findings are incomplete: ${short.join('; ')} in ${pageCount} page${pageCount === 1 ? '' : 's'}; ` +
        'pass every page of DescribeImageScanFindings (follow nextToken)',
    );
  }
}
