/**
 * The pieces of the distribution reference grammar (github.com/distribution/reference), each checked on
 * its own so that a message can say which piece is wrong and how. Every `...Problem` function returns a
 * phrase that follows the piece's name ("tag 'x' is empty"), or undefined when the piece is valid.
 */
import { quote } from './quote';

/** Longest `registry/repository`, as in distribution's `NameTotalLengthMax`. */
export const MAX_NAME_LENGTH = 255;
/** Longest tag: `[\w][\w.-]{0,127}`. */
export const MAX_TAG_LENGTH = 128;
/** Longest input the parser looks at; a valid reference is at most about 460 characters. */
export const DEFAULT_MAX_REFERENCE_LENGTH = 1024;

const MAX_HOST_LENGTH = 253;
const MAX_LABEL_LENGTH = 63;

/** `domain-component`: letters, digits and inner hyphens. */
const DOMAIN_LABEL = /^[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?$/;
const IPV6 = /^[0-9a-fA-F:]+$/;
const PORT = /^[0-9]+$/;
/** `path-component`: alpha-numerics joined by `.`, `_`, `__` or one or more `-`. */
export const PATH_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const TAG = /^[\w][\w.-]*$/;

/**
 * Whether the first `/`-separated component of a name is a registry host rather than part of the
 * repository, as Docker decides: it holds a `.` or a `:` (a port), is an IPv6 address in brackets, or is
 * `localhost`.
 */
export function looksLikeRegistry(component: string): boolean {
  return /[.:]/.test(component) || component.startsWith('[') || component.toLowerCase() === 'localhost';
}

/** Problems of a registry host with an optional port: `host[:port]` or `[ipv6][:port]`. */
export function registryProblem(registry: string): string | undefined {
  let host = registry;
  let port: string | undefined;
  if (registry.startsWith('[')) {
    const end = registry.indexOf(']');
    if (end < 0) {
      return "opens an IPv6 address with '[' but never closes it";
    }
    const address = registry.slice(1, end);
    if (!IPV6.test(address) || !address.includes(':')) {
      return `has ${quote(address)} in brackets, which is not an IPv6 address`;
    }
    const rest = registry.slice(end + 1);
    if (rest !== '' && !rest.startsWith(':')) {
      return `has ${quote(rest)} after its IPv6 address, where only ':port' may follow`;
    }
    port = rest === '' ? undefined : rest.slice(1);
  } else {
    const colon = registry.indexOf(':');
    if (colon >= 0) {
      host = registry.slice(0, colon);
      port = registry.slice(colon + 1);
    }
    const problem = hostNameProblem(host);
    if (problem !== undefined) {
      return problem;
    }
  }
  return port === undefined ? undefined : portProblem(port);
}

function hostNameProblem(host: string): string | undefined {
  if (host.length === 0) {
    return 'has no host name before its port';
  }
  if (host.length > MAX_HOST_LENGTH) {
    return `has a host name of ${host.length} characters; the limit is ${MAX_HOST_LENGTH}`;
  }
  for (const label of host.split('.')) {
    if (label.length === 0) {
      return 'has an empty part in its host name (a leading, trailing or doubled dot)';
    }
    if (label.length > MAX_LABEL_LENGTH) {
      return `has a host name part of ${label.length} characters; the limit is ${MAX_LABEL_LENGTH}`;
    }
    if (!DOMAIN_LABEL.test(label)) {
      return `has the host name part ${quote(label)}: parts are letters, digits and inner hyphens`;
    }
  }
  return undefined;
}

function portProblem(port: string): string | undefined {
  if (!PORT.test(port)) {
    return `has the port ${quote(port)}, which is not a number`;
  }
  if (port.length > 1 && port.startsWith('0')) {
    // One image must have one canonical name: `host:0001` and `host:1` would be two.
    return `has the port ${quote(port)} with a leading zero`;
  }
  const value = Number(port);
  if (port.length > 5 || value < 1 || value > 65535) {
    return `has the port ${quote(port)}, outside 1-65535`;
  }
  return undefined;
}

/** Problems of a repository path: lower-case path components joined by `/`. */
export function repositoryProblem(repository: string): string | undefined {
  if (repository.length === 0) {
    return 'is empty';
  }
  if (/[A-Z]/.test(repository)) {
    return 'has upper-case letters; repositories are lower case';
  }
  for (const component of repository.split('/')) {
    if (component.length === 0) {
      return "has an empty path component (a leading, trailing or doubled '/')";
    }
    if (PATH_COMPONENT.test(component)) {
      continue;
    }
    const bad = /[^a-z0-9._-]/.exec(component);
    if (bad !== null) {
      return `has ${quote(bad[0])} in its path component ${quote(component)}; components are lower-case letters, digits and the separators '.', '_', '-'`;
    }
    if (!/^[a-z0-9]/.test(component) || !/[a-z0-9]$/.test(component)) {
      return `has the path component ${quote(component)}, which must start and end with a letter or digit`;
    }
    return `has the path component ${quote(component)}, whose separators are not allowed: between letters and digits only one '.', one or two '_', or any number of '-'`;
  }
  return undefined;
}

/** Problems of a tag: `[\w][\w.-]{0,127}`. */
export function tagProblem(tag: string): string | undefined {
  if (tag.length === 0) {
    return "is empty (nothing follows ':')";
  }
  if (tag.length > MAX_TAG_LENGTH) {
    return `is ${tag.length} characters long; the limit is ${MAX_TAG_LENGTH}`;
  }
  if (TAG.test(tag)) {
    return undefined;
  }
  if (!/^\w/.test(tag)) {
    return "must start with a letter, a digit or '_'";
  }
  const bad = /[^\w.-]/.exec(tag);
  return `has ${quote(bad?.[0] ?? '?')}; tags are letters, digits, '_', '.' and '-'`;
}
