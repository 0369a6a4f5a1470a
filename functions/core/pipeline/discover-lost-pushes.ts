import { ecrRegistryHost } from '../reference/ecr-registry';
import { matchesGlob } from '../policy/glob';
import { handlePush } from './handle-push';
import { isOwnArtifact } from './own-artifacts';
import type { PipelineDeps } from './pipeline-deps';
import type { DiscoveryCursorStore, ImageLister, ListedImage } from '../ports/image-lister';

/** What one discovery run did. */
export interface DiscoveryReport {
  /** Images listed (at most the run's budget). */
  readonly examined: number;
  /** Digests without a verdict, recorded (and scanned or evaluated) as a push would be. */
  readonly discovered: number;
  /** Registries whose listing failed, with why (the next run resumes at the same cursor). */
  readonly failures: readonly string[];
}

/**
 * Finds pushes whose event was lost: pages through the images of the allowed repositories of each
 * allowed ECR registry (ImageLister), at most `budget` images per run, resuming where the last run
 * stopped (its cursor is kept per registry, DiscoveryCursorStore), and handles any digest without a
 * verdict as a push (own signature artifacts skipped). Does nothing without a lister.
 */
export async function discoverLostPushes(deps: PipelineDeps, budget: number): Promise<DiscoveryReport> {
  const lister = deps.imageLister;
  const cursors = deps.discoveryCursors;
  const report = { examined: 0, discovered: 0, failures: [] as string[] };
  if (!lister || !cursors || budget <= 0) return report;
  for (const allowed of deps.config.allowlist.registries) {
    if (!('accountId' in allowed)) continue;
    const registry = ecrRegistryHost(allowed.accountId, allowed.region);
    try {
      await discoverIn(deps, lister, cursors, registry, budget, report);
    } catch (error) {
      report.failures.push(`discovery in ${registry}: ${(error as Error).message}`);
    }
  }
  return report;
}

async function discoverIn(
  deps: PipelineDeps,
  lister: ImageLister,
  cursors: DiscoveryCursorStore,
  registry: string,
  budget: number,
  report: { examined: number; discovered: number },
): Promise<void> {
  const repositories = (await lister.listRepositories(registry))
    .filter((repository) => deps.config.allowlist.repositories.some((glob) => matchesGlob(glob, repository)))
    .sort();
  if (repositories.length === 0) return;
  const cursor = await cursors.get(registry);
  let index = Math.max(0, cursor ? repositories.indexOf(cursor.repository) : 0);
  let nextToken = cursor && repositories[index] === cursor.repository ? cursor.nextToken : undefined;
  // At most one pass over the repositories, `budget` images, and as many pages (an empty page with a
  // token must not spin the run).
  for (
    let visited = 0, pages = 0;
    visited < repositories.length && report.examined < budget && pages < budget;
    pages++
  ) {
    const repository = repositories[index]!;
    const page = await lister.listImages(
      { registry, repository },
      Math.min(1000, budget - report.examined),
      nextToken,
    );
    report.examined += page.images.length;
    for (const image of page.images)
      if (await recordIfUnknown(deps, registry, repository, image)) report.discovered++;
    nextToken = page.nextToken;
    if (nextToken === undefined) {
      index = (index + 1) % repositories.length;
      visited++;
    }
  }
  await cursors.put(registry, { repository: repositories[index]!, ...(nextToken ? { nextToken } : {}) });
}

async function recordIfUnknown(
  deps: PipelineDeps,
  registry: string,
  repository: string,
  listed: ListedImage,
): Promise<boolean> {
  const image = { registry, repository, digest: listed.digest };
  const tags = listed.tags.length > 0 ? listed.tags : [undefined];
  const push = (tag: string | undefined) => ({
    type: 'ImagePushed' as const,
    image,
    id: `discovery:${repository}@${listed.digest}`,
    at: listed.pushedAt ?? deps.now().toISOString(),
    ...(tag === undefined ? {} : { tag }),
    ...(listed.manifestMediaType ? { manifestMediaType: listed.manifestMediaType } : {}),
    ...(listed.artifactMediaType ? { artifactMediaType: listed.artifactMediaType } : {}),
  });
  if (tags.some((tag) => isOwnArtifact(push(tag)) !== undefined)) return false;
  if (await deps.store.get(image)) return false;
  const outcome = await handlePush(deps, push(tags[0]));
  return outcome.action !== 'skipped';
}
