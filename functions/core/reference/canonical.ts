import type { ImageReference } from '../image-reference';
import { familiarName } from './docker-hub';
import { normaliseReference } from './normalise-reference';

/**
 * The one string form of a reference, used as a key and in messages:
 * `registry/repository@sha256:hex` when there is a digest (a tag is dropped: the digest is the
 * identity, a tag only a pointer that moves), `registry/repository:tag` when there is only a tag, and
 * `registry/repository` when there is neither. The registry is always written (`docker.io` included),
 * so the form parses back to the same reference.
 *
 * @throws InvalidReferenceError when `ref` is invalid (see normaliseReference)
 */
export function canonicalReference(ref: ImageReference): string {
  const { registry, repository, tag, digest } = normaliseReference(ref);
  if (digest !== undefined) {
    return `${registry}/${repository}@${digest}`;
  }
  return tag === undefined ? `${registry}/${repository}` : `${registry}/${repository}:${tag}`;
}

/**
 * `registry/repository`: the repository's full name without tag or digest. This is the identity cosign
 * writes into a signature payload (`critical.identity.docker-reference`).
 *
 * @throws InvalidReferenceError when `ref` is invalid
 */
export function repositoryName(ref: ImageReference): string {
  const { registry, repository } = normaliseReference(ref);
  return `${registry}/${repository}`;
}

/**
 * The short form Docker shows, for people: `nginx:1.25`, `team/app@sha256:...`,
 * `127.0.0.1:5000/app:dev`. Tag and digest are both kept. Not an identity: use canonicalReference.
 *
 * @throws InvalidReferenceError when `ref` is invalid
 */
export function familiarReference(ref: ImageReference): string {
  const { registry, repository, tag, digest } = normaliseReference(ref);
  const name = familiarName(registry, repository);
  return `${name}${tag === undefined ? '' : `:${tag}`}${digest === undefined ? '' : `@${digest}`}`;
}
