import { InvalidReferenceError } from '../errors';
import type { ImageReference } from '../image-reference';
import { digestProblem, isDigest, type Sha256Digest } from '../oci/digest';
import { DOCKER_HUB_REGISTRY, withDockerHubDefaults } from './docker-hub';
import {
  DEFAULT_MAX_REFERENCE_LENGTH,
  MAX_NAME_LENGTH,
  looksLikeRegistry,
  registryProblem,
  repositoryProblem,
  tagProblem,
} from './grammar';
import { quote } from './quote';
import { screenInput } from './screen-input';

/** An image reference as parsed, with what the parser had to assume. */
export interface ParsedImageReference extends ImageReference {
  /**
   * True when the input named no registry (`nginx:1.25`) and Docker Hub was assumed, as Docker does.
   * A registry allowlist can refuse such references rather than read them as `docker.io`.
   */
  readonly registryImplied: boolean;
}

/** How strict to be. */
export interface ParseImageReferenceOptions {
  /**
   * Whether a reference without a registry is read as Docker Hub (`nginx` is `docker.io/library/nginx`).
   * Default true; when false such a reference is rejected.
   */
  readonly allowImpliedRegistry?: boolean;
  /** Longest input looked at, in characters. Default 1024. */
  readonly maxLength?: number;
}

/** The characters any part of a reference may hold (brackets for IPv6 registries). */
const REFERENCE_CHARACTERS = /^[A-Za-z0-9._\-/:@[\]]$/;

/**
 * Parses `[registry/]repository[:tag][@sha256:hex]` by the distribution reference grammar, with Docker's
 * defaults: no registry means Docker Hub (`registryImplied` says so), a one-component Docker Hub
 * repository is under `library/`, `index.docker.io` is `docker.io`. The registry is lower-cased (host
 * names are case-insensitive); the repository must already be lower case. No `latest` tag is assumed.
 * Only sha256 digests of 64 lower-case hex characters are accepted. Tag and digest may both be given;
 * the digest is then the identity (see canonicalReference). Stricter than Docker in a few places:
 * `..` is refused anywhere (Docker allows it inside a tag), a port must be 1-65535, a host name part at
 * most 63 characters, and an upper-case first component is refused rather than read as a registry.
 *
 * @throws InvalidReferenceError naming the problem: hostile characters, `..`, a URL scheme, an invalid
 * registry, repository, tag or digest, or a name longer than 255 characters.
 */
export function parseImageReference(
  input: string,
  options: ParseImageReferenceOptions = {},
): ParsedImageReference {
  const text = screenInput(input, {
    what: 'image reference',
    maxLength: options.maxLength ?? DEFAULT_MAX_REFERENCE_LENGTH,
    allowed: REFERENCE_CHARACTERS,
  });
  const fail: Fail = (problem, part) => {
    const where = part === undefined ? ' ' : `: ${part} `;
    throw new InvalidReferenceError(`image reference ${quote(text)}${where}${problem}`);
  };
  const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):\/\//.exec(text);
  if (scheme !== null) {
    fail(`starts with a URL scheme: image references have none; drop ${quote(scheme[0])}`);
  }
  const at = text.indexOf('@');
  if (at >= 0 && text.includes('@', at + 1)) {
    fail("has more than one '@'; only the digest follows an '@'");
  }
  const name = at < 0 ? text : text.slice(0, at);
  const digest = at < 0 ? undefined : checkDigest(text.slice(at + 1), fail);

  const slash = name.indexOf('/');
  const first = slash < 0 ? undefined : name.slice(0, slash);
  const registryWritten = first !== undefined && looksLikeRegistry(first);
  if (first !== undefined && !registryWritten && /[A-Z]/.test(first)) {
    fail(
      "has upper-case letters; repositories are lower case (a registry host needs a '.', a port, or to be 'localhost')",
      `repository component ${quote(first)}`,
    );
  }
  const remainder = registryWritten ? name.slice(slash + 1) : name;
  const colon = remainder.lastIndexOf(':');
  const path = colon < 0 ? remainder : remainder.slice(0, colon);
  const tag = colon < 0 ? undefined : remainder.slice(colon + 1);

  let registry = DOCKER_HUB_REGISTRY;
  if (registryWritten) {
    const problem = registryProblem(first);
    if (problem !== undefined) {
      fail(problem, `registry ${quote(first)}`);
    }
    registry = first.toLowerCase();
  } else if (options.allowImpliedRegistry === false) {
    const { repository } = withDockerHubDefaults(DOCKER_HUB_REGISTRY, path);
    fail(`names no registry; write it in full, e.g. '${DOCKER_HUB_REGISTRY}/${repository}'`);
  }
  const pathProblem = repositoryProblem(path);
  if (pathProblem !== undefined) {
    fail(pathProblem, `repository ${quote(path)}`);
  }
  const tagIssue = tag === undefined ? undefined : tagProblem(tag);
  if (tagIssue !== undefined) {
    fail(tagIssue, `tag ${quote(tag ?? '')}`);
  }

  const normal = withDockerHubDefaults(registry, path);
  const fullName = `${normal.registry}/${normal.repository}`;
  if (fullName.length > MAX_NAME_LENGTH) {
    fail(`is ${fullName.length} characters long; the limit is ${MAX_NAME_LENGTH}`, `name ${quote(fullName)}`);
  }
  return {
    registry: normal.registry,
    repository: normal.repository,
    ...(tag === undefined ? {} : { tag }),
    ...(digest === undefined ? {} : { digest }),
    registryImplied: !registryWritten,
  };
}

/** Throws InvalidReferenceError: `image reference '...' <problem>`, or `...': <part> <problem>`. */
type Fail = (problem: string, part?: string) => never;

function checkDigest(digest: string, fail: Fail): Sha256Digest {
  if (isDigest(digest)) {
    return digest;
  }
  return fail(digestProblem(digest) ?? 'is invalid', `digest ${quote(digest)}`);
}
