import { InvalidReferenceError } from '../errors';
import type { ImageReference } from '../image-reference';
import { digestProblem } from '../oci/digest';
import { withDockerHubDefaults } from './docker-hub';
import {
  MAX_NAME_LENGTH,
  looksLikeRegistry,
  registryProblem,
  repositoryProblem,
  tagProblem,
} from './grammar';
import { quote } from './quote';

/**
 * Checks an ImageReference built by hand (or taken from storage) as the parser checks a string, and
 * returns it in normal form: registry lower case, Docker's defaults applied (`docker.io/nginx` is
 * `docker.io/library/nginx`), only `registry`, `repository`, `tag` and `digest` kept. A reference from
 * parseImageReference is already in normal form.
 *
 * @throws InvalidReferenceError when a part is invalid, or the registry could not be written in a
 * reference string (a bare `myhost` would read as part of the repository).
 */
export function normaliseReference(ref: ImageReference): ImageReference {
  const fail = (part: string, problem: string): never => {
    throw new InvalidReferenceError(`image reference ${quote(formatReference(ref))}: ${part} ${problem}`);
  };
  const registryIssue =
    typeof ref.registry !== 'string'
      ? 'is not a string'
      : (registryProblem(ref.registry) ??
        (looksLikeRegistry(ref.registry)
          ? undefined
          : "cannot be written in a reference: it needs a '.', a port, or to be 'localhost'"));
  if (registryIssue !== undefined) {
    fail(`registry ${quote(String(ref.registry))}`, registryIssue);
  }
  const repositoryIssue =
    typeof ref.repository !== 'string' ? 'is not a string' : repositoryProblem(ref.repository);
  if (repositoryIssue !== undefined) {
    fail(`repository ${quote(String(ref.repository))}`, repositoryIssue);
  }
  const tagIssue = ref.tag === undefined ? undefined : tagProblem(String(ref.tag));
  if (tagIssue !== undefined) {
    fail(`tag ${quote(String(ref.tag))}`, tagIssue);
  }
  const digestIssue = ref.digest === undefined ? undefined : digestProblem(ref.digest);
  if (digestIssue !== undefined) {
    fail(`digest ${quote(String(ref.digest))}`, digestIssue);
  }
  const { registry, repository } = withDockerHubDefaults(ref.registry.toLowerCase(), ref.repository);
  const name = `${registry}/${repository}`;
  if (name.length > MAX_NAME_LENGTH) {
    fail(`name ${quote(name)}`, `is ${name.length} characters long; the limit is ${MAX_NAME_LENGTH}`);
  }
  return {
    registry,
    repository,
    ...(ref.tag === undefined ? {} : { tag: ref.tag }),
    ...(ref.digest === undefined ? {} : { digest: ref.digest }),
  };
}

/**
 * `registry/repository[:tag][@digest]` exactly as the fields hold them, checked for nothing: for
 * messages about references that may be invalid. Use canonicalReference for an identity.
 */
export function formatReference(ref: ImageReference): string {
  const tag = ref.tag === undefined ? '' : `:${String(ref.tag)}`;
  const digest = ref.digest === undefined ? '' : `@${String(ref.digest)}`;
  return `${String(ref.registry)}/${String(ref.repository)}${tag}${digest}`;
}
