import type { KeyObject } from 'node:crypto';
import { fromBase64 } from '../cosign/bytes';
import { SIMPLE_SIGNING } from '../cosign/media-types';
import { parseSimpleSigningPayload } from '../cosign/simple-signing';
import { verifiesWith } from './public-key';

const CERTIFICATE_ANNOTATION = 'dev.sigstore.cosign/certificate';

/** One legacy cosign signature: a `.sig` layer's blob and annotations. */
export interface SimpleSigningSignature {
  readonly mimeType: string;
  readonly payload: Uint8Array;
  readonly signatureBase64: string;
  readonly annotations?: Readonly<Record<string, string>>;
}

export interface SimpleSigningExpectation {
  readonly key: KeyObject;
  readonly manifestDigest: string;
  /** The image as the verifier names it: `registry/repository`, with `:tag` for matchExact. */
  readonly reference: string;
  /** containers/image's policies: the repository only (cosign's default), or the exact reference. */
  readonly identity?: 'matchRepository' | 'matchExact';
}

export type SignatureVerdict =
  | { readonly status: 'valid' }
  | { readonly status: 'invalid' | 'unsupported'; readonly reasons: readonly string[] };

/** `registry/repo:tag@digest` → `registry/repo` (a colon after the last slash starts the tag). */
export function repositoryOf(reference: string): string {
  const withoutDigest = reference.split('@')[0] ?? reference;
  const slash = withoutDigest.lastIndexOf('/');
  const colon = withoutDigest.lastIndexOf(':');
  return colon > slash ? withoutDigest.slice(0, colon) : withoutDigest;
}

/**
 * Decides one legacy cosign signature as containers/image and cosign do: media type, then the signature
 * over the exact payload bytes with the key, then the payload's strict shape, digest and identity.
 */
export function verifySimpleSigning(
  sig: SimpleSigningSignature,
  expect: SimpleSigningExpectation,
): SignatureVerdict {
  if (sig.mimeType !== SIMPLE_SIGNING) {
    return {
      status: 'invalid',
      reasons: [`layer type ${sig.mimeType} is not a cosign simple-signing payload`],
    };
  }
  if (sig.annotations?.[CERTIFICATE_ANNOTATION]) {
    return {
      status: 'unsupported',
      reasons: ['certificate-based (keyless) signature: image-trust verifies signatures by a known key only'],
    };
  }
  if (!sig.signatureBase64) return { status: 'invalid', reasons: ['the layer carries no signature'] };
  if (!verifiesWith(expect.key, sig.payload, fromBase64(sig.signatureBase64.replace(/\s+/g, '')))) {
    return {
      status: 'invalid',
      reasons: ['the signature does not verify with the trusted key (wrong key or tampered payload)'],
    };
  }
  let claim;
  try {
    claim = parseSimpleSigningPayload(sig.payload);
  } catch (error) {
    return { status: 'invalid', reasons: [`the signed payload is malformed: ${(error as Error).message}`] };
  }
  if (claim.manifestDigest !== expect.manifestDigest) {
    return {
      status: 'invalid',
      reasons: [
        `the signature is over ${claim.manifestDigest}, not over this image ${expect.manifestDigest}`,
      ],
    };
  }
  const exact = expect.identity === 'matchExact';
  const signed = exact ? claim.dockerReference : repositoryOf(claim.dockerReference);
  const wanted = exact ? expect.reference : repositoryOf(expect.reference);
  if (signed !== wanted) {
    return { status: 'invalid', reasons: [`the signature names ${claim.dockerReference}, not ${wanted}`] };
  }
  return { status: 'valid' };
}
