import { randomUUID } from 'node:crypto';
import { readConformanceJson } from '../../support/conformance';
import { ACCOUNT, REGION } from './pipeline-fixture';

/**
 * The real AWS sample events of ../shared/conformance/events, made about a real pushed image: the
 * samples' own digests are invalid (60 hex characters, `EXAMPLE` suffixes), so digest, repository,
 * account, region, id and time are set; every other field is the sample's.
 */
type Json = Record<string, unknown>;
const sample = (...path: string[]): Json => readConformanceJson<Json>('events', ...path);

interface Common {
  readonly digest: string;
  readonly repository: string;
  readonly id?: string;
  readonly time?: string;
}

function envelope(base: Json, c: Common, detail: Json): Json {
  return {
    ...base,
    id: c.id ?? randomUUID(),
    time: c.time ?? new Date().toISOString(),
    account: ACCOUNT,
    region: REGION,
    detail,
  };
}

export function pushEvent(
  c: Common & {
    tag?: string;
    artifactMediaType?: string;
    manifestMediaType?: string;
    action?: 'PUSH' | 'DELETE';
  },
): Json {
  const file =
    c.action === 'DELETE'
      ? 'ecr-image-action-delete-success.aws-docs.json'
      : 'ecr-image-action-push-success.aws-docs.json';
  const base = sample('ecr', file);
  const detail: Json = {
    ...(base.detail as Json),
    'repository-name': c.repository,
    'image-digest': c.digest,
  };
  if (c.tag === undefined) delete detail['image-tag'];
  else detail['image-tag'] = c.tag;
  if (c.artifactMediaType) detail['artifact-media-type'] = c.artifactMediaType;
  if (c.manifestMediaType) detail['manifest-media-type'] = c.manifestMediaType;
  return envelope(base, c, detail);
}

export function scanEvent(c: Common & { status?: string }): Json {
  const base = sample('ecr', 'ecr-image-scan-basic-complete.aws-docs.json');
  const detail: Json = {
    ...(base.detail as Json),
    'repository-name': c.repository,
    'image-digest': c.digest,
  };
  if (c.status) detail['scan-status'] = c.status;
  return envelope(base, c, detail);
}

export function inspectorScanEvent(c: Common): Json {
  const base = sample('more', 'inspector2-scan.ecr-initial-scan-complete.inspector-userguide-2023.json');
  const detail: Json = {
    ...(base.detail as Json),
    'repository-name': `arn:aws:ecr:${REGION}:${ACCOUNT}:repository/${c.repository}`,
    'image-digest': c.digest,
  };
  return envelope(base, c, detail);
}

export function findingEvent(
  c: Common & {
    cve?: string;
    severity?: string;
    status?: 'ACTIVE' | 'CLOSED' | 'SUPPRESSED';
    score?: number;
  },
): Json {
  const base = sample('inspector2', 'inspector2-finding-ecr-container-image.aws-docs.json');
  const d = structuredClone(base.detail as Json);
  const resources = d.resources as { details: { awsEcrContainerImage: Json }; id?: string }[];
  const image = resources[0]!.details.awsEcrContainerImage;
  image.imageHash = c.digest;
  image.repositoryName = c.repository;
  image.registry = ACCOUNT;
  const vuln = d.packageVulnerabilityDetails as Json;
  if (c.cve) vuln.vulnerabilityId = c.cve;
  if (c.severity) d.severity = c.severity;
  if (c.status) d.status = c.status;
  if (c.score !== undefined) d.inspectorScore = c.score;
  return envelope(base, c, d);
}

export const body = (event: Json): string => JSON.stringify(event);
