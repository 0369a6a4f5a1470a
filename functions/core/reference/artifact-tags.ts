import { parseDigest, type Sha256Digest } from '../oci/digest';

/** What a cosign tag in an image's repository holds. */
export type SigstoreArtifactKind = 'signature' | 'attestation' | 'sbom' | 'referrers';

/** A tag that image-trust or cosign wrote, and the image it is about. */
export interface SigstoreArtifactTag {
  readonly kind: SigstoreArtifactKind;
  /** The digest of the image the artifact belongs to. */
  readonly subject: Sha256Digest;
}

const SUFFIXES: Readonly<Record<string, SigstoreArtifactKind>> = {
  '.sig': 'signature',
  '.att': 'attestation',
  '.sbom': 'sbom',
  '': 'referrers',
};

const ARTIFACT_TAG = /^sha256-([0-9a-f]{64})(\.sig|\.att|\.sbom)?$/;

/** `sha256-HEX`: the digest written as a tag (a tag cannot hold ':'). */
function digestTag(digest: string): string {
  return parseDigest(digest).replace(':', '-');
}

/**
 * `sha256-HEX.sig`: the tag under which cosign (2, and legacy readers such as Kyverno and
 * containers/image) keeps the signatures of the image with this digest.
 *
 * @throws InvalidReferenceError when `digest` is not a sha256 digest
 */
export function signatureTag(digest: string): string {
  return `${digestTag(digest)}.sig`;
}

/**
 * `sha256-HEX.att`: the tag of the legacy attestations (DSSE envelopes) of the image with this digest.
 *
 * @throws InvalidReferenceError when `digest` is not a sha256 digest
 */
export function attestationTag(digest: string): string {
  return `${digestTag(digest)}.att`;
}

/**
 * `sha256-HEX.sbom`: the tag of an SBOM attached with `cosign attach sbom` (never written by us, but ours
 * to recognise).
 *
 * @throws InvalidReferenceError when `digest` is not a sha256 digest
 */
export function sbomTag(digest: string): string {
  return `${digestTag(digest)}.sbom`;
}

/**
 * `sha256-HEX`: the tag of the OCI referrers fallback index, which lists an image's referrers (cosign 3
 * bundles) where the registry has no referrers API.
 *
 * @throws InvalidReferenceError when `digest` is not a sha256 digest
 */
export function referrersFallbackTag(digest: string): string {
  return digestTag(digest);
}

/**
 * Reads a tag as a cosign artifact tag (`sha256-<64 hex>`, optionally `.sig`, `.att` or `.sbom`).
 *
 * @returns the kind and the digest of the image it belongs to, or undefined for any other tag (and for
 * anything that is not a string, such as a missing `image-tag` in an event)
 */
export function parseSigstoreArtifactTag(tag: unknown): SigstoreArtifactTag | undefined {
  if (typeof tag !== 'string') {
    return undefined;
  }
  const match = ARTIFACT_TAG.exec(tag);
  const kind = match === null ? undefined : SUFFIXES[match[2] ?? ''];
  if (match === null || kind === undefined) {
    return undefined;
  }
  return { kind, subject: `sha256:${match[1] ?? ''}` };
}

/**
 * Whether a tag is one of the cosign artifact tags (`.sig`, `.att`, `.sbom` or the referrers fallback
 * index). Pushing them raises ECR push events too: the pipeline must skip them, or it signs its own
 * signatures forever.
 */
export function isSigstoreArtifactTag(tag: unknown): boolean {
  return parseSigstoreArtifactTag(tag) !== undefined;
}
