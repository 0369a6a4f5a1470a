import { readFileSync } from 'node:fs';
import { parseRuntimeConfig } from '../../functions/core/config/parse-runtime-config';
import type { RuntimeConfig } from '../../functions/core/config/runtime-config';

/**
 * The local mode's configuration: the local registry is the one allowed registry, every repository is
 * allowed, and the scan is the Trivy report CI attached to the manifest (image-security.md's CI scenario),
 * trusted for every repository. `IMAGE_TRUST_LOCAL_CONFIG` names a JSON file to use instead.
 */
export function localConfig(registryHost: string, env: NodeJS.ProcessEnv = process.env): RuntimeConfig {
  if (env.IMAGE_TRUST_LOCAL_CONFIG)
    return parseRuntimeConfig(readFileSync(env.IMAGE_TRUST_LOCAL_CONFIG, 'utf8'));
  return parseRuntimeConfig({
    allowlist: { registries: [{ host: registryHost }], repositories: ['**'] },
    policy: {
      version: 'local-1',
      requireScan: true,
      maxScanAgeHours: 24 * 30,
      severityLimits: { CRITICAL: 0, HIGH: 5 },
      trustTrivyReportFor: ['**'],
    },
    scanning: { mode: 'trivy-annotation', startScanOnPush: false, pendingTimeoutMinutes: 1 },
    admission: { defaultMode: 'enforce', namespaces: {}, exemptNamespaces: ['kube-system'] },
  });
}
