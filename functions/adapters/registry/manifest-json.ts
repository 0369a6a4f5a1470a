import type { Descriptor } from '../../core/ports/registry';
import { UpstreamError } from '../../core/errors';
import { isContentDigest } from '../../core/oci/digest';
import { MediaTypes, bareMediaType, isIndexMediaType } from '../../core/oci/media-types';

/** A JSON object as parsed, fields unknown until checked. */
export type JsonObject = Record<string, unknown>;

const MANIFEST_TYPES: ReadonlySet<string> = new Set([
  MediaTypes.ociManifest,
  MediaTypes.ociIndex,
  MediaTypes.dockerManifest,
  MediaTypes.dockerManifestList,
]);

/** Parses bytes as a JSON object, or `undefined` when they are not one. */
export function parseJsonObject(bytes: Uint8Array): JsonObject | undefined {
  try {
    const parsed: unknown = JSON.parse(new TextDecoder().decode(bytes));
    return isObject(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The media type of a fetched manifest: the `Content-Type` when it names a manifest type, else the
 * manifest's own `mediaType` field, else OCI index or manifest by shape (`manifests` or not).
 */
export function manifestMediaType(contentType: string | null, bytes: Uint8Array): string {
  const header = bareMediaType(contentType);
  if (header && MANIFEST_TYPES.has(header)) return header;
  const json = parseJsonObject(bytes);
  if (typeof json?.mediaType === 'string' && json.mediaType) return json.mediaType;
  return Array.isArray(json?.manifests) ? MediaTypes.ociIndex : (header ?? MediaTypes.ociManifest);
}

/** An image index's `manifests` as descriptors, skipping malformed entries. */
export function indexDescriptors(index: JsonObject): Descriptor[] {
  const entries = Array.isArray(index.manifests) ? (index.manifests as unknown[]) : [];
  return entries.flatMap((entry) => {
    const descriptor = toDescriptor(entry);
    return descriptor ? [descriptor] : [];
  });
}

/** Parses an image index (OCI or Docker list), or throws UpstreamError naming `what`. */
export function parseIndex(bytes: Uint8Array, what: string): JsonObject {
  const json = parseJsonObject(bytes);
  if (!json || !Array.isArray(json.manifests))
    throw new UpstreamError(`${what}: the registry answered with something that is not an image index`);
  if (typeof json.mediaType === 'string' && !isIndexMediaType(json.mediaType))
    throw new UpstreamError(`${what}: expected an image index, got ${json.mediaType}`);
  return json;
}

/**
 * The descriptor by which a referrer is listed: its media type, digest and size, its artifact type (the
 * manifest's `artifactType`, else its config's media type, as the OCI spec says) and its annotations.
 */
export function referrerDescriptor(
  manifest: JsonObject,
  mediaType: string,
  digest: string,
  size: number,
): Descriptor {
  const config = isObject(manifest.config) ? manifest.config : undefined;
  const artifactType =
    typeof manifest.artifactType === 'string'
      ? manifest.artifactType
      : typeof config?.mediaType === 'string'
        ? config.mediaType
        : undefined;
  const annotations = stringRecord(manifest.annotations);
  return {
    mediaType,
    digest,
    size,
    ...(artifactType ? { artifactType } : {}),
    ...(annotations && Object.keys(annotations).length ? { annotations } : {}),
  };
}

/** A descriptor from JSON, or `undefined` when the entry is not one. */
export function toDescriptor(entry: unknown): Descriptor | undefined {
  if (!isObject(entry)) return undefined;
  const { mediaType, digest, size, artifactType, annotations, platform } = entry;
  if (typeof mediaType !== 'string' || typeof digest !== 'string' || !isContentDigest(digest))
    return undefined;
  if (typeof size !== 'number' || !Number.isSafeInteger(size) || size < 0) return undefined;
  const record = stringRecord(annotations);
  const parsedPlatform = toPlatform(platform);
  return {
    mediaType,
    digest,
    size,
    ...(typeof artifactType === 'string' ? { artifactType } : {}),
    ...(record ? { annotations: record } : {}),
    ...(parsedPlatform ? { platform: parsedPlatform } : {}),
  };
}

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function toPlatform(value: unknown): Descriptor['platform'] {
  if (!isObject(value) || typeof value.os !== 'string' || typeof value.architecture !== 'string')
    return undefined;
  return {
    os: value.os,
    architecture: value.architecture,
    ...(typeof value.variant === 'string' ? { variant: value.variant } : {}),
  };
}

function stringRecord(value: unknown): Record<string, string> | undefined {
  if (!isObject(value)) return undefined;
  const entries = Object.entries(value).filter((e): e is [string, string] => typeof e[1] === 'string');
  return Object.fromEntries(entries);
}
