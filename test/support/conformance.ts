import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** The shared conformance vectors, read where they are (never copied): `../shared/conformance`. */
export const CONFORMANCE = resolve(__dirname, '../../../shared/conformance');

export const conformancePath = (...parts: string[]): string => join(CONFORMANCE, ...parts);
export const readConformance = (...parts: string[]): Buffer => readFileSync(conformancePath(...parts));
export const readConformanceJson = <T = unknown>(...parts: string[]): T =>
  JSON.parse(readConformance(...parts).toString('utf8')) as T;
export const listConformance = (...parts: string[]): string[] =>
  readdirSync(conformancePath(...parts)).sort();
