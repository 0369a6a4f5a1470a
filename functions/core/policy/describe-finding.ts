import type { Finding } from '../scan/scan-summary';

/** How many findings a message lists before it says "and N more". */
export const MAX_LISTED_FINDINGS = 5;

/** A score with one decimal (`10.0`, `5.3`), or exactly as given when it has more. */
export function formatScore(score: number): string {
  const rounded = Math.round(score * 10) / 10;
  return Math.abs(rounded - score) < 1e-9 ? rounded.toFixed(1) : String(score);
}

/** `CVE-2024-3094 (CRITICAL, score 10.0, xz-utils 5.6.0)`; parts the scanner did not give are left out. */
export function describeFinding(finding: Finding): string {
  const parts: string[] = [finding.severity];
  if (finding.score !== undefined) parts.push(`score ${formatScore(finding.score)}`);
  const pkg = [finding.packageName, finding.packageVersion]
    .filter((p) => p !== undefined && p !== '')
    .join(' ');
  if (pkg !== '') parts.push(pkg);
  return `${finding.id} (${parts.join(', ')})`;
}

/** The first findings described, joined by ', ', then `and N more`. */
export function listFindings(findings: readonly Finding[], max = MAX_LISTED_FINDINGS): string {
  const listed = findings.slice(0, max).map(describeFinding).join(', ');
  return findings.length > max ? `${listed} and ${findings.length - max} more` : listed;
}

/** `1 finding`, `3 findings`. */
export function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

/** Each id once, in first-seen order. */
export function uniqueIds(findings: readonly Finding[]): string[] {
  return [...new Set(findings.map((f) => f.id))];
}

/** Highest score first (unscored last), then by id, then package: the order findings are listed in. */
export function byRelevance(a: Finding, b: Finding): number {
  const score = (b.score ?? -1) - (a.score ?? -1);
  if (score !== 0) return score;
  if (a.id !== b.id) return a.id < b.id ? -1 : 1;
  const pa = a.packageName ?? '';
  const pb = b.packageName ?? '';
  return pa < pb ? -1 : pa > pb ? 1 : 0;
}
