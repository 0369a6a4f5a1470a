import type { RuntimeConfig } from '../config/runtime-config';
import { matchesGlob } from '../policy/glob';
import { parseEcrRegistry } from '../reference/ecr-registry';
import type { VerdictKey } from '../verdict/verdict';

export type AllowlistDecision =
  { readonly allowed: true } | { readonly allowed: false; readonly reason: string };

/**
 * The first layer of image-security.md: only approved registries (ECR by account and region, or a host
 * in local mode) and repositories matching the configured patterns.
 */
export function checkAllowlist(allowlist: RuntimeConfig['allowlist'], image: VerdictKey): AllowlistDecision {
  const ecr = parseEcrRegistry(image.registry);
  const registryAllowed = allowlist.registries.some((r) =>
    'host' in r
      ? r.host === image.registry
      : ecr !== undefined && ecr.accountId === r.accountId && ecr.region === r.region,
  );
  if (!registryAllowed) {
    return { allowed: false, reason: `registry ${image.registry} is not in the allowlist` };
  }
  if (!allowlist.repositories.some((p) => matchesGlob(p, image.repository))) {
    return {
      allowed: false,
      reason: `repository ${image.repository} matches none of the allowed patterns (${allowlist.repositories.join(', ')})`,
    };
  }
  return { allowed: true };
}
