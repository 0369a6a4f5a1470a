import type { AdmissionMode, RuntimeConfig } from '../config/runtime-config';

/** How the webhook treats a namespace: enforce (deny), warn (allow with warnings), or exempt. */
export type NamespaceMode = AdmissionMode | 'exempt';

/**
 * The mode for a namespace: exempt namespaces first, then the per-namespace mode, then the default.
 * Cluster-scoped requests (no namespace) get the default mode. Only the configuration's own entries
 * count (a namespace called `constructor` is not a property of every object).
 */
export function admissionModeFor(
  admission: RuntimeConfig['admission'],
  namespace: string | undefined,
): NamespaceMode {
  if (namespace !== undefined && admission.exemptNamespaces.includes(namespace)) return 'exempt';
  const own = namespace !== undefined && Object.hasOwn(admission.namespaces, namespace);
  return (own ? admission.namespaces[namespace] : undefined) ?? admission.defaultMode;
}
