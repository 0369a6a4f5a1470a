import { isSigstoreArtifactTag } from '../../functions/core/reference/artifact-tags';
import type { PipelineEvent } from '../../functions/core/events/pipeline-event';
import type { Registry } from '../../functions/core/ports/registry';
import type { VerdictStore } from '../../functions/core/verdict/verdict-store';
import { parseManifest } from '../../functions/core/cosign/oci-manifest';
import { isSignatureManifest } from '../../functions/core/pipeline/own-artifacts';
import { manifestDigests } from './registry-revisions';

/**
 * Finds images in the local registry that have no decided verdict (pushed while image-trust was down,
 * or in flight when it was killed) and returns a push event for each: the local reconciler. Tagged
 * images come from the tags list; images pushed by digest only (buildx's platform manifests) from the
 * storage folder of the registry the local mode runs (`storageDir`, see registry-revisions.ts), which
 * the registry's API does not list; signature artifacts are skipped. A registry of the user's own
 * (REGISTRY_URL) has no folder here: only its tags are swept.
 */
export async function sweepRegistry(
  registryUrl: string,
  registryHost: string,
  registry: Registry,
  store: VerdictStore,
  now: Date,
  storageDir?: string,
): Promise<PipelineEvent[]> {
  const repositories = await catalog(registryUrl);
  const events: PipelineEvent[] = [];
  for (const repository of repositories) {
    const repo = { registry: registryHost, repository };
    const tagged = new Set<string>();
    for (const tag of await registry.listTags(repo).catch(() => [] as string[])) {
      const manifest = await registry.getManifest(repo, tag);
      if (manifest) tagged.add(manifest.digest);
      if (isSigstoreArtifactTag(tag)) continue;
      if (!manifest) continue;
      const image = { ...repo, digest: manifest.digest };
      const verdict = await store.get(image);
      if (verdict && verdict.status !== 'PENDING') continue;
      events.push({
        type: 'ImagePushed',
        image,
        tag,
        id: `sweep:${repository}:${tag}:${manifest.digest}`,
        at: verdict?.firstSeenAt ?? now.toISOString(),
      });
    }
    if (storageDir === undefined) continue;
    for (const digest of await manifestDigests(storageDir, repository)) {
      if (tagged.has(digest)) continue;
      const manifest = await registry.getManifest(repo, digest);
      if (!manifest || isSignatureManifest(parseManifest(manifest.bytes))) continue;
      const image = { ...repo, digest: manifest.digest };
      const verdict = await store.get(image);
      if (verdict && verdict.status !== 'PENDING') continue;
      events.push({
        type: 'ImagePushed',
        image,
        id: `sweep:${repository}:${manifest.digest}`,
        at: verdict?.firstSeenAt ?? now.toISOString(),
      });
    }
  }
  return events;
}

/** Every repository of the registry's catalog, following its `Link` pages (Distribution caps `n`). */
async function catalog(registryUrl: string): Promise<string[]> {
  const all: string[] = [];
  let next: string | undefined = `${registryUrl}/v2/_catalog?n=1000`;
  while (next) {
    const response: Response = await fetch(next);
    if (!response.ok) throw new Error(`registry catalog: HTTP ${response.status}`);
    const page = (await response.json()) as { repositories?: string[] };
    all.push(...(page.repositories ?? []));
    const link = /<([^>]+)>;\s*rel="next"/.exec(response.headers.get('link') ?? '')?.[1];
    next = link ? new URL(link, registryUrl).toString() : undefined;
  }
  return all;
}
