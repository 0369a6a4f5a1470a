import { InvalidInputError } from '../../core/errors';
import { isContentDigest } from '../../core/oci/digest';

/** A repository name as the distribution spec allows it: lower-case path components. */
const REPOSITORY = /^[a-z0-9]+(?:(?:\.|_|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:\.|_|__|-+)[a-z0-9]+)*)*$/;
const TAG = /^[A-Za-z0-9_][A-Za-z0-9._-]{0,127}$/;

/**
 * Paths of the distribution API. Names and references are checked before they go into a URL, so a
 * caller's string can never reach another path or carry a query.
 */
export const ApiPaths = {
  manifest: (repository: string, reference: string) =>
    `/v2/${checkRepository(repository)}/manifests/${checkReference(reference)}`,
  blob: (repository: string, digest: string) =>
    `/v2/${checkRepository(repository)}/blobs/${checkDigest(digest)}`,
  uploads: (repository: string) => `/v2/${checkRepository(repository)}/blobs/uploads/`,
  tags: (repository: string, pageSize: number) =>
    `/v2/${checkRepository(repository)}/tags/list?n=${pageSize}`,
  referrers: (repository: string, digest: string, artifactType?: string) =>
    `/v2/${checkRepository(repository)}/referrers/${checkDigest(digest)}` +
    (artifactType === undefined ? '' : `?artifactType=${encodeURIComponent(artifactType)}`),
} as const;

/** Whether a manifest reference is a digest (rather than a tag). */
export function isDigestReference(reference: string): boolean {
  return reference.includes(':');
}

/** The target of a `Link: <URL>; rel="next"` header (tags list and referrers pagination). */
export function nextPageLink(header: string | null): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(/,(?=\s*<)/)) {
    const match = /^\s*<([^>]*)>(.*)$/.exec(part);
    if (match?.[1] && /;\s*rel="?next"?\s*(;|$)/i.test(match[2] ?? '')) return match[1];
  }
  return undefined;
}

function checkRepository(repository: string): string {
  if (repository.length > 255 || !REPOSITORY.test(repository))
    throw new InvalidInputError(`not a valid repository name: ${JSON.stringify(repository)}`);
  return repository;
}

function checkReference(reference: string): string {
  if (isDigestReference(reference)) return checkDigest(reference);
  if (!TAG.test(reference)) throw new InvalidInputError(`not a valid tag: ${JSON.stringify(reference)}`);
  return reference;
}

function checkDigest(digest: string): string {
  if (!isContentDigest(digest))
    throw new InvalidInputError(`not a supported digest: ${JSON.stringify(digest)}`);
  return digest;
}
