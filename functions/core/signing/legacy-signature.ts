import { fromBase64, toBase64 } from '../cosign/bytes';
import { sha256Digest } from '../oci/digest';
import { SIGNATURE_ANNOTATION, SIMPLE_SIGNING } from '../cosign/media-types';
import { MediaTypes } from '../oci/media-types';
import { attachmentConfig, imageManifest } from '../cosign/oci-manifest';
import { simpleSigningPayload } from '../cosign/simple-signing';
import type { Descriptor, RepositoryLocator } from '../ports/registry';
import { signatureTag } from '../reference';
import { parsePublicKey, verifiesWith } from './public-key';
import { attachmentLayers, newestFirst, noNotice, READ_LIMITS } from './read-limits';
import { settleAll } from './settle-all';
import type { SigningDeps, WrittenArtifact } from './signing-deps';

/** cosign's identity for an image: the repository, without tag or digest. */
export const dockerReference = (repo: RepositoryLocator): string => `${repo.registry}/${repo.repository}`;

/**
 * Writes cosign's legacy signature of `digest`: a simple-signing payload layer, signed, in the OCI
 * manifest tagged `sha256-HEX.sig`. Signatures already there (ours or others') are kept; when one by
 * this key over the same payload is there, nothing is written and the signer is not called. Malformed
 * layers, or a manifest that is none, are skipped (read-limits.ts), never a reason not to sign.
 */
export async function writeLegacySignature(
  deps: SigningDeps,
  repo: RepositoryLocator,
  digest: string,
): Promise<WrittenArtifact> {
  const tag = signatureTag(digest);
  const payload = simpleSigningPayload({ dockerReference: dockerReference(repo), manifestDigest: digest });
  const payloadDigest = sha256Digest(payload);
  const [existing, publicKeyPem] = await Promise.all([
    deps.registry.getManifest(repo, tag),
    deps.signer.publicKeyPem(),
  ]);
  const layers = existing ? attachmentLayers(existing.bytes, tag, deps.onSkipped ?? noNotice) : [];
  const key = parsePublicKey(publicKeyPem);
  const ours = newestFirst(layers, READ_LIMITS.layers).some(
    (layer) =>
      layer.digest === payloadDigest &&
      layer.mediaType === SIMPLE_SIGNING &&
      verifiesWith(key, payload, fromBase64(layer.annotations?.[SIGNATURE_ANNOTATION] ?? '')),
  );
  if (ours) return { kind: 'signature', subjectDigest: digest, location: tag, written: false };

  const [signature] = await settleAll([
    deps.signer.sign(payload),
    deps.registry.pushBlob(repo, payload, SIMPLE_SIGNING),
  ]);
  const layer: Descriptor = {
    mediaType: SIMPLE_SIGNING,
    digest: payloadDigest,
    size: payload.length,
    annotations: { [SIGNATURE_ANNOTATION]: toBase64(signature) },
  };
  await putAttachment(deps, repo, tag, [...layers, layer]);
  return { kind: 'signature', subjectDigest: digest, location: tag, written: true };
}

/** Stores an attachment manifest (`.sig` or `.att`) with cosign's config over the given layers. */
export async function putAttachment(
  deps: SigningDeps,
  repo: RepositoryLocator,
  tag: string,
  layers: readonly Descriptor[],
): Promise<void> {
  const config = await deps.registry.pushBlob(repo, attachmentConfig(layers), MediaTypes.ociConfig);
  await deps.registry.putManifest(repo, tag, {
    mediaType: MediaTypes.ociManifest,
    bytes: imageManifest(config, layers),
  });
}
