import * as z from 'zod';
import { InvalidInputError } from '../errors';
import { ecrRegistryHost } from '../reference/ecr-registry';
import { isDigest } from '../oci/digest';
import { repositoryFromArn } from '../reference/repository-arn';
import { findingFromInspectorEvent } from '../scan/finding-from-inspector-event';
import { formatIssues, zodMessages } from '../validation/zod-messages';
import { eventBridgeEnvelope, type EventBridgeEnvelope } from './eventbridge-envelope';
import type { PipelineEvent } from './pipeline-event';

/** Events larger than this are not AWS's: EventBridge caps events at 256 KB. */
export const MAX_EVENT_BYTES = 256 * 1024;

const digest = z.string().refine(isDigest, {
  message: 'must be sha256: and 64 lower-case hex characters (an image digest, never a tag)',
});
const repositoryName = z.string().min(2).max(256);

const imageAction = z.looseObject({
  result: z.enum(['SUCCESS', 'FAILURE']),
  'repository-name': repositoryName,
  'image-digest': digest,
  'action-type': z.enum(['PUSH', 'DELETE']),
  'image-tag': z.string().max(128).optional(),
  'manifest-media-type': z.string().max(256).optional(),
  'artifact-media-type': z.string().max(256).optional(),
});

const scanDetail = z.looseObject({
  'scan-status': z.string().min(1),
  'repository-name': repositoryName,
  'image-digest': digest,
  'image-tags': z.array(z.string()).optional(),
});

/**
 * Reads one EventBridge event (ECR Image Action, ECR Image Scan, Inspector2 Scan, Inspector2 Finding)
 * into a pipeline event, or throws InvalidInputError naming what is wrong. Returns `undefined` for
 * events that are valid but carry nothing to do (a FAILURE push result).
 */
export function parsePipelineEvent(raw: unknown): PipelineEvent | undefined {
  const envelope = parse(eventBridgeEnvelope, raw, 'EventBridge event');
  const kind = `${envelope.source}/${envelope['detail-type']}`;
  switch (kind) {
    case 'aws.ecr/ECR Image Action':
      return imageActionEvent(envelope);
    case 'aws.ecr/ECR Image Scan':
      return scanEvent(envelope, 'ecr-basic');
    case 'aws.inspector2/Inspector2 Scan':
      return scanEvent(envelope, 'inspector');
    case 'aws.inspector2/Inspector2 Finding':
      return findingEvent(envelope);
    default:
      throw new InvalidInputError(`unsupported event ${JSON.stringify(kind).slice(0, 200)}`);
  }
}

function imageActionEvent(e: EventBridgeEnvelope): PipelineEvent | undefined {
  const d = parse(imageAction, e.detail, 'ECR Image Action detail');
  if (d.result !== 'SUCCESS') return undefined;
  const image = {
    registry: ecrRegistryHost(e.account, e.region),
    repository: repositoryFromArn(d['repository-name']).name,
    digest: d['image-digest'],
  };
  if (d['action-type'] === 'DELETE') {
    const tag = d['image-tag'] || undefined;
    return { type: 'ImageDeleted', image, id: e.id, at: e.time, ...(tag ? { tag } : {}) };
  }
  return {
    type: 'ImagePushed',
    image,
    id: e.id,
    at: e.time,
    tag: d['image-tag'] || undefined,
    manifestMediaType: d['manifest-media-type'],
    artifactMediaType: d['artifact-media-type'],
  };
}

function scanEvent(e: EventBridgeEnvelope, scanner: 'ecr-basic' | 'inspector'): PipelineEvent {
  const d = parse(scanDetail, e.detail, `${e['detail-type']} detail`);
  const repo = repositoryFromArn(d['repository-name']);
  const complete =
    scanner === 'ecr-basic' ? d['scan-status'] === 'COMPLETE' : d['scan-status'] === 'INITIAL_SCAN_COMPLETE';
  const unsupported = d['scan-status'] === 'UNSUPPORTED_IMAGE';
  const tags = d['image-tags']?.filter((t) => t !== '');
  return {
    type: 'ScanCompleted',
    scanner,
    status: complete ? 'COMPLETE' : unsupported ? 'UNSUPPORTED_IMAGE' : 'FAILED',
    ...(tags?.length ? { tags } : {}),
    image: {
      registry: ecrRegistryHost(repo.accountId ?? e.account, repo.region ?? e.region),
      repository: repo.name,
      digest: d['image-digest'],
    },
    id: e.id,
    at: e.time,
  };
}

function findingEvent(e: EventBridgeEnvelope): PipelineEvent {
  const f = findingFromInspectorEvent(e.detail);
  return {
    type: 'FindingChanged',
    image: {
      registry: ecrRegistryHost(f.registryAccountId, e.region),
      repository: f.repository,
      digest: f.digest,
    },
    finding: f.finding,
    status: f.status,
    ...(f.tags ? { tags: f.tags } : {}),
    id: e.id,
    at: e.time,
  };
}

function parse<T extends z.ZodType>(schema: T, value: unknown, what: string): z.output<T> {
  const result = schema.safeParse(value, { error: zodMessages });
  if (!result.success) throw new InvalidInputError(formatIssues(what, result.error));
  return result.data;
}
