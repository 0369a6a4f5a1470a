import { parseManifest } from '../cosign/oci-manifest';
import { isContentDigest } from '../oci/digest';
import type { Descriptor } from '../ports/registry';

/**
 * How much of what others wrote beside an image is read, per image and subject. Anyone who can push to
 * the repository can add referrers and `.sig`/`.att` layers; none of it may make signing or verifying
 * the real image slow or impossible. The newest entries are examined first (ours are appended last).
 */
export const READ_LIMITS = {
  /** Bundle referrers of one subject examined. */
  referrers: 32,
  /** Layers of one `.sig` or `.att` manifest examined. */
  layers: 32,
  /** Layers of another's kept when ours is appended to a `.sig` or `.att` manifest. */
  keptLayers: 256,
  /** Bytes of one referrer manifest read (a bundle's is about 1 KiB). */
  referrerManifestBytes: 64 * 1024,
  /** Bytes of one signature payload, DSSE envelope or bundle read. */
  artifactBytes: 256 * 1024,
} as const;

/** Told about each artifact skipped as malformed or oversized (the runtime logs it). */
export type SkipNotice = (what: string, reason: string) => void;
export const noNotice: SkipNotice = () => undefined;

/** At most `n` of `items`, newest (last) first. */
export function newestFirst<T>(items: readonly T[], n: number): T[] {
  return items.slice(-n).reverse();
}

/**
 * The layers of a `.sig` or `.att` manifest as someone may have written it: well-formed descriptors
 * only (a malformed manifest has none), at most READ_LIMITS.keptLayers of them, the newest.
 */
export function attachmentLayers(bytes: Uint8Array, what: string, notice: SkipNotice): Descriptor[] {
  let raw: unknown;
  try {
    raw = parseManifest(bytes).layers;
  } catch (error) {
    notice(what, `not a manifest (${(error as Error).message}): its layers are ignored`);
    return [];
  }
  const all: unknown[] = Array.isArray(raw) ? raw : [];
  const layers = all.filter(isDescriptor);
  if (layers.length < all.length) notice(what, `${all.length - layers.length} malformed layer(s) skipped`);
  if (layers.length <= READ_LIMITS.keptLayers) return layers;
  notice(what, `${layers.length} layers: only the newest ${READ_LIMITS.keptLayers} are kept`);
  return layers.slice(-READ_LIMITS.keptLayers);
}

function isDescriptor(value: unknown): value is Descriptor {
  if (typeof value !== 'object' || value === null) return false;
  const { mediaType, digest, size, annotations } = value as Record<string, unknown>;
  return (
    typeof mediaType === 'string' &&
    typeof digest === 'string' &&
    isContentDigest(digest) &&
    typeof size === 'number' &&
    Number.isSafeInteger(size) &&
    size >= 0 &&
    (annotations === undefined ||
      (typeof annotations === 'object' &&
        annotations !== null &&
        Object.values(annotations).every((v) => typeof v === 'string')))
  );
}
