import { readdirSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { readYamlDocuments } from './yaml';

/** deploy/kubernetes, from the repository root. */
export const KUBERNETES = resolve(__dirname, '../../../deploy/kubernetes');

/** A Kubernetes object as the tests read it: loosely, every field checked where it is used. */
export interface Manifest {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata?: { readonly name?: string };
  readonly [field: string]: unknown;
}

/** Every Kubernetes YAML file under deploy/kubernetes, relative to it (Helm values files aside). */
export function yamlFiles(): string[] {
  return yamlPaths(KUBERNETES)
    .map((path) => relative(KUBERNETES, path))
    .filter((path) => !path.endsWith('helm-values.yaml'))
    .sort();
}

function yamlPaths(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? yamlPaths(path) : /\.ya?ml$/.test(name) ? [path] : [];
  });
}

/** The documents of one manifest file. */
export function manifests(file: string): Manifest[] {
  return readYamlDocuments(join(KUBERNETES, file)) as Manifest[];
}

/** Every object of a kind, across all files. */
export function objectsOfKind(kind: string): Manifest[] {
  return yamlFiles()
    .flatMap(manifests)
    .filter((m) => m.kind === kind);
}

/** Reads a nested field (for the loosely typed manifests). */
export function field<T>(object: unknown, ...path: (string | number)[]): T {
  let value: unknown = object;
  for (const key of path) {
    value =
      typeof value === 'object' && value !== null
        ? (value as Record<string | number, unknown>)[key]
        : undefined;
  }
  return value as T;
}
