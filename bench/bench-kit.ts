import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export type Figures = Record<string, number | string>;

/** One benchmark: a name and a function that measures and returns its figures (one key per figure). */
export interface Benchmark {
  readonly name: string;
  run(): Promise<Figures>;
}

export const RESULTS_FILE = join(__dirname, 'results.json');

/**
 * Merges figures into bench/results.json under `section.key`, keeping other sections' figures. A key
 * that starts with `perf.` is written as it is: the issue-14 goal figures, named exactly as asked.
 */
export function recordResults(section: string, figures: Figures): void {
  const all = existsSync(RESULTS_FILE)
    ? (JSON.parse(readFileSync(RESULTS_FILE, 'utf8')) as Record<string, unknown>)
    : {};
  for (const [key, value] of Object.entries(figures))
    all[key.startsWith('perf.') ? key : `${section}.${key}`] = value;
  all['meta.lastRun'] = new Date().toISOString();
  all['meta.node'] = process.version;
  writeFileSync(RESULTS_FILE, JSON.stringify(sortKeys(all), null, 2) + '\n');
}

function sortKeys(o: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).sort(([a], [b]) => a.localeCompare(b)));
}

/** Prints rows as an aligned table. */
export function printTable(
  title: string,
  header: readonly string[],
  rows: readonly (readonly (string | number)[])[],
): void {
  const cells = [header, ...rows.map((r) => r.map((c) => (typeof c === 'number' ? format(c) : c)))];
  const widths = header.map((_, i) => Math.max(...cells.map((r) => String(r[i] ?? '').length)));
  const line = (r: readonly (string | number)[]) => r.map((c, i) => String(c).padEnd(widths[i]!)).join('  ');
  process.stdout.write(`\n${title}\n${line(header)}\n${widths.map((w) => '-'.repeat(w)).join('  ')}\n`);
  for (const r of cells.slice(1)) process.stdout.write(`${line(r)}\n`);
}

export function format(n: number): string {
  if (Number.isInteger(n)) return String(n);
  return Math.abs(n) >= 100 ? n.toFixed(0) : Math.abs(n) >= 1 ? n.toFixed(2) : n.toFixed(3);
}

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i]!;
}

export const round = (n: number, digits = 3): number => Number(n.toFixed(digits));
