import { isSigstoreArtifactTag } from '../../functions/core/reference/artifact-tags';
import type { PipelineEvent } from '../../functions/core/events/pipeline-event';
import type { Registry } from '../../functions/core/ports/registry';
import type { VerdictStore } from '../../functions/core/verdict/verdict-store';

/**
 * Finds tagged images in the local registry that have no decided verdict (pushed while image-trust was
 * down, or in flight when it was killed) and returns a push event for each: the local reconciler.
 * Images pushed by digest only are not listed by the registry's catalog and are not found this way.
 */
export async function sweepRegistry(
  registryUrl: string,
  registryHost: string,
  registry: Registry,
  store: VerdictStore,
  now: Date,
): Promise<PipelineEvent[]> {
  const response = await fetch(`${registryUrl}/v2/_catalog?n=10000`);
  if (!response.ok) throw new Error(`registry catalog: HTTP ${response.status}`);
  const { repositories = [] } = (await response.json()) as { repositories?: string[] };
  const events: PipelineEvent[] = [];
  for (const repository of repositories) {
    const repo = { registry: registryHost, repository };
    for (const tag of await registry.listTags(repo).catch(() => [] as string[])) {
      if (isSigstoreArtifactTag(tag)) continue;
      const manifest = await registry.getManifest(repo, tag);
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
  }
  return events;
}
