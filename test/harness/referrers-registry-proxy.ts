import { createHash } from 'node:crypto';
import { MediaTypes } from '../../functions/core/oci/media-types';
import { reply, startRegistryProxy, type ProxyRequest, type RegistryProxy } from './registry-proxy';

/** One referrer as the referrers API lists it (an OCI descriptor). */
export interface ReferrerEntry {
  readonly mediaType: string;
  readonly digest: string;
  readonly size: number;
  readonly artifactType?: string;
  readonly annotations?: Record<string, string>;
}

export interface ReferrersRegistryProxy extends RegistryProxy {
  /** The referrers the proxy knows of `digest` in `repository` (from the manifest PUTs it saw). */
  referrersOf(repository: string, digest: string): readonly ReferrerEntry[];
}

const REFERRERS = /^\/v2\/(.+)\/referrers\/([^/?]+)(?:\?(.*))?$/;
const MANIFEST = /^\/v2\/(.+)\/manifests\/([^/?]+)$/;
const DIGEST = /^[a-z0-9]+(?:[+._-][a-z0-9]+)*:[a-zA-Z0-9=_-]+$/;

/**
 * A registry with the OCI 1.1 referrers API, as ECR has, made of Distribution 2.8 (which has none) and
 * this proxy in front of it. Everything else is forwarded as it is. What it adds, each behaviour beside
 * the section of the OCI distribution-spec v1.1 it follows:
 *
 * - "Pushing Manifests with Subject": a manifest PUT whose body has a `subject` is stored upstream and,
 *   once stored, answered with `OCI-Subject: <subject digest>` ("a registry implementation that supports
 *   the referrers API MUST respond with the response header OCI-Subject"); its descriptor joins the
 *   subject's referrers list, kept here from the PUTs seen (a client then skips the fallback tag).
 * - "Listing Referrers" (end-12a): `GET /v2/<name>/referrers/<digest>` answers 200 with an image index
 *   (`application/vnd.oci.image.index.v1+json`) of the descriptors of the manifests whose `subject` is that
 *   digest, each with `artifactType` (the manifest's, else its config's media type) and its
 *   `annotations`; an empty index when there are none ("MUST NOT return a 404"); 400 for a malformed
 *   digest.
 * - "Listing Referrers", filtering (end-12b): `?artifactType=<type>` lists only that type, and the answer
 *   carries `OCI-Filters-Applied: artifactType`.
 * - "Deleting Manifests": deleting a manifest by digest removes it from the lists ("the registry SHOULD
 *   ... remove the descriptor from the referrers list").
 */
export async function startReferrersRegistryProxy(upstreamUrl: string): Promise<ReferrersRegistryProxy> {
  const lists = new Map<string, ReferrerEntry[]>();
  const key = (repository: string, digest: string) => `${repository}@${digest}`;
  const proxy = await startRegistryProxy(upstreamUrl, async (request, forward) => {
    const path = request.path;
    const referrers = REFERRERS.exec(path);
    // distribution-spec v1.1 "Listing Referrers" (end-12a, end-12b).
    if (referrers && request.method === 'GET') {
      const [, repository, digest, query] = referrers as unknown as [string, string, string, string?];
      // "If the request is invalid, such as a <digest> with an invalid syntax, a 400 Bad Request MUST be returned."
      if (!DIGEST.test(digest)) return reply(400, JSON.stringify({ errors: [{ code: 'DIGEST_INVALID' }] }));
      // "Listing Referrers": an index of the referrers' descriptors, empty when there are none ("MUST NOT
      // return a 404"); filtered by `artifactType` where asked, saying so with OCI-Filters-Applied.
      const wanted = new URLSearchParams(query ?? '').get('artifactType') ?? undefined;
      const all = lists.get(key(repository, digest)) ?? [];
      const manifests = wanted === undefined ? all : all.filter((e) => e.artifactType === wanted);
      return reply(200, JSON.stringify({ schemaVersion: 2, mediaType: MediaTypes.ociIndex, manifests }), {
        'content-type': MediaTypes.ociIndex,
        ...(wanted === undefined ? {} : { 'oci-filters-applied': 'artifactType' }),
      });
    }
    const manifest = MANIFEST.exec(path);
    if (!manifest) return forward();
    const [, repository, reference] = manifest as unknown as [string, string, string];
    // "Deleting Manifests": a deleted referrer leaves its subject's list.
    if (request.method === 'DELETE') {
      const answer = await forward();
      if (answer.status < 300) for (const list of lists.values()) removeDigest(list, reference);
      return answer;
    }
    if (request.method !== 'PUT') return forward();
    // "Pushing Manifests with Subject": stored upstream first; once stored, listed and answered with
    // `OCI-Subject`, which tells the client not to update the fallback tag schema's index.
    const referrer = asReferrer(request);
    const answer = await forward();
    if (!referrer || answer.status !== 201) return answer;
    const list = lists.get(key(repository, referrer.subject)) ?? [];
    if (!list.some((e) => e.digest === referrer.entry.digest)) list.push(referrer.entry);
    lists.set(key(repository, referrer.subject), list);
    return { ...answer, headers: { ...answer.headers, 'oci-subject': referrer.subject } };
  });
  return {
    ...proxy,
    referrersOf: (repository, digest) => [...(lists.get(key(repository, digest)) ?? [])],
  };
}

/**
 * The subject and descriptor of a manifest PUT whose body names a subject; undefined otherwise. The
 * descriptor as "Listing Referrers" lists it: `artifactType` is the manifest's, else (an image manifest)
 * its config's media type; `annotations` are the manifest's.
 */
function asReferrer(request: ProxyRequest): { subject: string; entry: ReferrerEntry } | undefined {
  let body: {
    mediaType?: unknown;
    artifactType?: unknown;
    config?: { mediaType?: unknown };
    subject?: { digest?: unknown };
    annotations?: Record<string, string>;
  };
  try {
    body = JSON.parse(request.body.toString('utf8')) as typeof body;
  } catch {
    return undefined;
  }
  const subject = body?.subject?.digest;
  if (typeof subject !== 'string') return undefined;
  const header = request.headers['content-type'];
  const mediaType = typeof body.mediaType === 'string' ? body.mediaType : (header ?? MediaTypes.ociManifest);
  const artifactType =
    typeof body.artifactType === 'string'
      ? body.artifactType
      : typeof body.config?.mediaType === 'string'
        ? body.config.mediaType
        : undefined;
  const digest = `sha256:${createHash('sha256').update(request.body).digest('hex')}`;
  return {
    subject,
    entry: {
      mediaType,
      digest,
      size: request.body.byteLength,
      ...(artifactType === undefined ? {} : { artifactType }),
      ...(body.annotations ? { annotations: body.annotations } : {}),
    },
  };
}

function removeDigest(list: ReferrerEntry[], digest: string): void {
  const at = list.findIndex((e) => e.digest === digest);
  if (at >= 0) list.splice(at, 1);
}
