/** The shared conformance vectors (`/work/shared/conformance`, next to the repository), read in place. */
import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';

/** The repository root: this file is test/unit/core/scan/conformance.ts. */
export const REPO_ROOT = resolve(__dirname, '../../../..');
export const CONFORMANCE_DIR = resolve(REPO_ROOT, '../shared/conformance');

/** A conformance file, parsed as JSON. */
export function readConformance(...path: string[]): unknown {
  return JSON.parse(readFileSync(resolve(CONFORMANCE_DIR, ...path), 'utf8')) as unknown;
}

/** A conformance file as text. */
export function readConformanceText(...path: string[]): string {
  return readFileSync(resolve(CONFORMANCE_DIR, ...path), 'utf8');
}

/** The names of the files in a conformance folder that satisfy `keep`, sorted. */
export function listConformance(dir: string, keep: (name: string) => boolean): string[] {
  return readdirSync(resolve(CONFORMANCE_DIR, dir)).filter(keep).sort();
}

/** A JSON value as a plain object, for tests that edit a sample. */
export function asRecord(value: unknown): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new Error('expected a JSON object');
  }
  return value as Record<string, unknown>;
}

/** A deep copy, so a test can change a sample without touching the others. */
export function clone<T>(value: T): T {
  return structuredClone(value);
}
