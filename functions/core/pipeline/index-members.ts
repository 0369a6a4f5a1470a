import type { OciManifest } from '../cosign/oci-manifest';
import type { Descriptor } from '../ports/registry';
import type { IndexMember } from '../verdict/verdict-store';

/** The annotation buildx puts on the attestation manifests it adds to an index. */
export const REFERENCE_TYPE_ANNOTATION = 'vnd.docker.reference.type';

/**
 * Whether an index entry is something a kubelet can run: not one of the attestation manifests buildx
 * adds (platform `unknown/unknown`, annotation `vnd.docker.reference.type: attestation-manifest`).
 */
export function isRunnable(descriptor: Descriptor): boolean {
  const platform = descriptor.platform;
  const unknownPlatform = platform?.os === 'unknown' && platform.architecture === 'unknown';
  const attestation = descriptor.annotations?.[REFERENCE_TYPE_ANNOTATION] === 'attestation-manifest';
  return !unknownPlatform && !attestation;
}

/** The runnable platform manifests an index lists, each with its `os/architecture[/variant]`. */
export function runnableMembers(index: OciManifest): IndexMember[] {
  const seen = new Set<string>();
  return (index.manifests ?? []).filter(isRunnable).flatMap((d) => {
    if (seen.has(d.digest)) return [];
    seen.add(d.digest);
    return [{ digest: d.digest, platform: platformName(d) }];
  });
}

function platformName(d: Descriptor): string {
  const p = d.platform;
  if (p === undefined) return 'unspecified platform';
  return [p.os, p.architecture, p.variant].filter((part) => part !== undefined && part !== '').join('/');
}
