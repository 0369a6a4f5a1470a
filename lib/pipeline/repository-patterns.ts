/**
 * The allowlist's repository globs (`*` within a segment, `**` across segments, zero included; see
 * functions/core/policy/glob.ts) turned into what IAM and EventBridge understand. Both are supersets of
 * the glob, never subsets: IAM's `*` also crosses `/`, and an event filter by prefix lets through names
 * that share it. The functions check every name against the allowlist itself, so the wider grant only
 * ever costs an invocation, never a signature.
 */
import { partitionOfRegion } from '../../functions/core/reference/aws-partition';
import type { EcrRegistry } from '../config/deployment-config-schema';

const GLOBSTAR = '**';

/**
 * IAM resource patterns for a glob's repository names: each `**` segment either dropped (it matches
 * zero segments) or made `*`. `team-a/**` gives `team-a` and `team-a/*`; `**` gives `*`.
 */
export function iamRepositoryPatterns(glob: string): string[] {
  let variants: string[][] = [[]];
  for (const segment of glob.split('/')) {
    variants =
      segment === GLOBSTAR ? variants.flatMap((v) => [v, [...v, '*']]) : variants.map((v) => [...v, segment]);
  }
  const patterns = new Set(
    variants.map((v) => v.join('/').replace(/\*+(\/\*+)*/g, '*')).filter((p) => p.length > 0),
  );
  return patterns.has('*') ? ['*'] : [...patterns];
}

/** The ECR repository ARNs (patterns) of every allowed registry and repository glob. */
export function repositoryArns(registries: readonly EcrRegistry[], globs: readonly string[]): string[] {
  const names = [...new Set(globs.flatMap(iamRepositoryPatterns))];
  const arns = registries.flatMap((r) =>
    names.map(
      (name) => `arn:${partitionOfRegion(r.region)}:ecr:${r.region}:${r.accountId}:repository/${name}`,
    ),
  );
  return [...new Set(arns)];
}

/** An EventBridge content filter on a repository name: an exact name or a prefix. */
export type RepositoryNameFilter = string | { readonly prefix: string };

/**
 * EventBridge filters on `repository-name` that let through every name a glob matches: the glob's
 * literal start as a prefix (an exact name when it has no wildcard). Undefined when some glob matches
 * any name (`**`, `*`, `*-app`): then there is nothing to filter on.
 */
export function repositoryNameFilters(globs: readonly string[]): RepositoryNameFilter[] | undefined {
  const filters = new Map<string, RepositoryNameFilter>();
  for (const glob of globs) {
    const star = glob.indexOf('*');
    if (star < 0) {
      filters.set(`=${glob}`, glob);
      continue;
    }
    // `team-a/**` also matches `team-a` itself, so the prefix stops before the slash.
    const prefix =
      glob.slice(star - 1, star + 2) === `/${GLOBSTAR}` ? glob.slice(0, star - 1) : glob.slice(0, star);
    if (prefix.length === 0) return undefined;
    filters.set(`^${prefix}`, { prefix });
  }
  return [...filters.values()];
}
