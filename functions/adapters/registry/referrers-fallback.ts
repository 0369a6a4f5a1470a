import { ConflictError, UpstreamError } from '../../core/errors';
import type { Descriptor, ManifestToPut, StoredManifest } from '../../core/ports/registry';
import { referrersFallbackTag } from './digest';
import { type JsonObject, indexDescriptors, parseIndex, parseJsonObject } from './manifest-json';
import { MediaTypes } from '../../core/oci/media-types';
import { ResponseTooLargeError } from './bounded-body';

/**
 * The most entries a fallback index keeps when we add ours: anyone who can push may fill it with junk,
 * and an index over the manifest size limit could be neither read nor written. The oldest go first.
 */
export const MAX_FALLBACK_ENTRIES = 1000;

/** Reads and writes manifests by tag in the subject's repository. */
export interface FallbackIndexStore {
  getManifest(tag: string): Promise<StoredManifest | undefined>;
  putManifest(tag: string, manifest: ManifestToPut): Promise<string>;
}

export interface FallbackWriteOptions {
  /** Write-and-check rounds before giving up on concurrent writers. */
  readonly attempts: number;
  /** Pause between rounds, so racing writers spread out. */
  readonly pause: (round: number) => Promise<void>;
}

/**
 * The referrers listed in the fallback index of the OCI 1.1 referrers tag schema: the image index
 * tagged `sha256-HEX` in the subject's repository. None when that tag is absent, holds something else,
 * is not JSON or is over the manifest size limit (someone else's junk is no reason to fail).
 */
export async function readFallbackReferrers(
  store: Pick<FallbackIndexStore, 'getManifest'>,
  subjectDigest: string,
): Promise<Descriptor[]> {
  const stored = await store.getManifest(referrersFallbackTag(subjectDigest)).catch((error: unknown) => {
    if (error instanceof ResponseTooLargeError) return undefined;
    throw error;
  });
  if (!stored || stored.mediaType !== MediaTypes.ociIndex) return [];
  const index = parseJsonObject(stored.bytes);
  return index ? indexDescriptors(index) : [];
}

/**
 * Adds `descriptor` to the fallback index of `subjectDigest`, once: read the index (or start an empty
 * one), add the descriptor unless it is listed, write, read back. A registry without a referrers API
 * has no conditional tag writes, so a concurrent writer may replace the index with one that lacks our
 * entry: then merge again, a bounded number of rounds, and fail with a retryable ConflictError. Other
 * writers' entries, unknown fields and annotations of the index are kept as they are.
 * @returns how many times the index was written (0 when the descriptor was already listed).
 */
export async function addToFallbackIndex(
  store: FallbackIndexStore,
  subjectDigest: string,
  descriptor: Descriptor,
  options: FallbackWriteOptions,
): Promise<number> {
  const tag = referrersFallbackTag(subjectDigest);
  let current = await readForWrite(store, tag);
  for (let round = 1; round <= options.attempts; round++) {
    if (lists(current, descriptor.digest)) return round - 1;
    if (round > 1) await options.pause(round - 1);
    const next = withDescriptor(current, descriptor);
    await store.putManifest(tag, {
      mediaType: MediaTypes.ociIndex,
      bytes: new TextEncoder().encode(JSON.stringify(next)),
    });
    current = await readForWrite(store, tag);
    if (lists(current, descriptor.digest)) return round;
  }
  throw new ConflictError(
    `referrer ${descriptor.digest} of ${subjectDigest}: concurrent writers kept replacing the ` +
      `referrers index tagged ${tag} (${options.attempts} rounds)`,
    { retryable: true },
  );
}

/** The index to add to; an oversized or unparseable one is replaced (it cannot be read by anyone). */
async function readForWrite(store: FallbackIndexStore, tag: string): Promise<JsonObject | undefined> {
  const stored = await store.getManifest(tag).catch((error: unknown) => {
    if (error instanceof ResponseTooLargeError) return undefined;
    throw error;
  });
  if (!stored) return undefined;
  if (stored.mediaType !== MediaTypes.ociIndex)
    throw new ConflictError(
      `tag ${tag} holds a ${stored.mediaType}, not a referrers index: not overwriting it`,
    );
  try {
    return parseIndex(stored.bytes, `referrers index ${tag}`);
  } catch (error) {
    if (error instanceof UpstreamError) return undefined;
    throw error;
  }
}

function lists(index: JsonObject | undefined, digest: string): boolean {
  const entries = Array.isArray(index?.manifests) ? (index.manifests as unknown[]) : [];
  return entries.some((entry) => (entry as { digest?: unknown } | null)?.digest === digest);
}

function withDescriptor(index: JsonObject | undefined, descriptor: Descriptor): JsonObject {
  const rest = Object.fromEntries(
    Object.entries(index ?? {}).filter(([key]) => !['schemaVersion', 'mediaType', 'manifests'].includes(key)),
  );
  const entries = Array.isArray(index?.manifests) ? (index.manifests as unknown[]) : [];
  return {
    schemaVersion: 2,
    mediaType: MediaTypes.ociIndex,
    manifests: [...entries.slice(-(MAX_FALLBACK_ENTRIES - 1)), descriptorJson(descriptor)],
    ...rest,
  };
}

function descriptorJson(descriptor: Descriptor): JsonObject {
  return {
    mediaType: descriptor.mediaType,
    digest: descriptor.digest,
    size: descriptor.size,
    ...(descriptor.artifactType ? { artifactType: descriptor.artifactType } : {}),
    ...(descriptor.annotations ? { annotations: descriptor.annotations } : {}),
  };
}
