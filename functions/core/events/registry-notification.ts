import * as z from 'zod';
import { InvalidInputError } from '../errors';
import { isDigest } from '../oci/digest';
import { repositoryFromArn } from '../reference/repository-arn';
import { formatIssues, zodMessages } from '../validation/zod-messages';
import type { PipelineEvent } from './pipeline-event';

/** Manifest media types; blob pushes (layers, configs) are not images. */
const MANIFEST_TYPES = new Set([
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.docker.distribution.manifest.v2+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
]);

const notificationEvent = z.looseObject({
  id: z.string().min(1).max(256),
  timestamp: z.iso.datetime({ offset: true }),
  action: z.string(),
  target: z.looseObject({
    mediaType: z.string().optional(),
    digest: z.string().optional(),
    repository: z.string(),
    tag: z.string().max(128).optional(),
  }),
});
const envelope = z.strictObject({ events: z.array(notificationEvent).max(1000) });

/**
 * A Distribution registry's webhook envelope (`{"events": [...]}`, events v1 or v2) as pipeline events:
 * manifest pushes become ImagePushed, deletions by digest ImageDeleted; pulls, mounts and blob pushes
 * are nothing to do. The local mode's equivalent of ECR's EventBridge events.
 *
 * @param registry the registry host the notifications come from (`127.0.0.1:5000`)
 * @throws InvalidInputError for a malformed envelope, digest or repository
 */
export function parseRegistryNotification(body: unknown, registry: string): PipelineEvent[] {
  const parsed = envelope.safeParse(body, { error: zodMessages });
  if (!parsed.success) throw new InvalidInputError(formatIssues('registry notification', parsed.error));
  const events: PipelineEvent[] = [];
  for (const e of parsed.data.events) {
    const { digest, repository, tag, mediaType } = e.target;
    const relevant =
      (e.action === 'push' && mediaType !== undefined && MANIFEST_TYPES.has(mediaType)) ||
      (e.action === 'delete' && tag === undefined);
    if (!relevant) continue;
    if (!isDigest(digest))
      throw new InvalidInputError(`registry notification ${e.id}: target.digest is not a sha256 digest`);
    const image = { registry, repository: repositoryFromArn(repository).name, digest };
    if (e.action === 'delete') events.push({ type: 'ImageDeleted', image, id: e.id, at: e.timestamp });
    else
      events.push({
        type: 'ImagePushed',
        image,
        id: e.id,
        at: e.timestamp,
        tag,
        manifestMediaType: mediaType,
      });
  }
  return events;
}
