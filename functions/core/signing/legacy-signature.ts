import { fromBase64, toBase64 } from '../cosign/bytes';
import { sha256Digest } from '../oci/digest';
import { SIGNATURE_ANNOTATION, SIMPLE_SIGNING } from '../cosign/media-types';
import { MediaTypes } from '../oci/media-types';
import { attachmentConfig, imageManifest } from '../cosign/oci-manifest';
import { simpleSigningPayload } from '../cosign/simple-signing';
import { UpstreamError } from '../errors';
import type { Descriptor, RepositoryLocator } from '../ports/registry';
import { signatureTag } from '../reference';
import { parsePublicKey, verifiesWith } from './public-key';
import { attachmentLayers, newestFirst, noNotice, READ_LIMITS } from './read-limits';
import { pushBlobWhenReady } from './push-when-ready';
import { settleAll } from './settle-all';
import type { SigningDeps, WrittenArtifact } from './signing-deps';

/** cosign's identity for an image: the repository, without tag or digest. */
export const dockerReference = (repo: RepositoryLocator): string => `${repo.registry}/${repo.repository}`;

/**
 * Writes cosign's legacy signature of `digest`: a simple-signing payload layer, signed, in the OCI
 * manifest tagged `sha256-HEX.sig`. Signatures already there (ours or others') are kept; when one by
 * this key over the same payload is there, nothing is written. Malformed layers, or a manifest that is
 * none, are skipped (read-limits.ts), never a reason not to sign.
 *
 * The payload names this digest, so no registry has it unless this signature was written before: it is
 * uploaded without asking first, and the config (it lists only the layers' digests) as soon as the
 * existing layers are read. With `likelyNew` (the verdict records no signature yet) both uploads are
 * opened and the payload signed while `.sig` is read: a guess that was wrong costs that signing call and
 * two unused upload sessions, never a second signature. Without it the signer is called, and uploads
 * opened, only when ours is missing.
 */
export async function writeLegacySignature(
  deps: SigningDeps,
  repo: RepositoryLocator,
  digest: string,
  likelyNew = false,
): Promise<WrittenArtifact> {
  const tag = signatureTag(digest);
  const payload = simpleSigningPayload({ dockerReference: dockerReference(repo), manifestDigest: digest });
  const payloadDigest = sha256Digest(payload);
  const unsigned: Descriptor = { mediaType: SIMPLE_SIGNING, digest: payloadDigest, size: payload.length };
  const found = Promise.all([deps.registry.getManifest(repo, tag), deps.signer.publicKeyPem()]).then(
    ([existing, publicKeyPem]) => {
      const layers = existing ? attachmentLayers(existing.bytes, tag, deps.onSkipped ?? noNotice) : [];
      const key = parsePublicKey(publicKeyPem);
      const ours = newestFirst(layers, READ_LIMITS.layers).some(
        (layer) =>
          layer.digest === payloadDigest &&
          layer.mediaType === SIMPLE_SIGNING &&
          verifiesWith(key, payload, fromBase64(layer.annotations?.[SIGNATURE_ANNOTATION] ?? '')),
      );
      return { layers, key, ours };
    },
  );
  const speculative = likelyNew ? deps.signer.sign(payload) : undefined;
  void speculative?.catch(() => undefined);
  const wanted = <T>(make: (f: Awaited<typeof found>) => T | Promise<T>): Promise<T | undefined> =>
    found.then(async (f) => (f.ours ? undefined : await make(f)));
  const [state, signature, , config] = await settleAll([
    found,
    wanted(() => speculative ?? deps.signer.sign(payload)),
    pushBlobWhenReady(
      deps.registry,
      repo,
      wanted(() => payload),
      SIMPLE_SIGNING,
      likelyNew,
    ),
    pushBlobWhenReady(
      deps.registry,
      repo,
      wanted((f) => attachmentConfig([...f.layers, unsigned])),
      MediaTypes.ociConfig,
      likelyNew,
    ),
  ]);
  if (state.ours || signature === undefined || config === undefined) {
    return { kind: 'signature', subjectDigest: digest, location: tag, written: false };
  }
  assertSignedBy(state.key, payload, signature, `the signature of ${tag}`);
  const layer: Descriptor = { ...unsigned, annotations: { [SIGNATURE_ANNOTATION]: toBase64(signature) } };
  await putAttachment(deps, repo, tag, [...state.layers, layer], config);
  return { kind: 'signature', subjectDigest: digest, location: tag, written: true };
}

/**
 * Checks a signature the signer just made against its public key, before anything is written: a wrong
 * key (alias moved, region mixed up) or a corrupted answer is never stored. Retryable: KMS may lag a
 * key change.
 */
export function assertSignedBy(
  key: ReturnType<typeof parsePublicKey>,
  data: Uint8Array,
  signature: Uint8Array,
  what: string,
): void {
  if (!verifiesWith(key, data, signature))
    throw new UpstreamError(`${what} does not verify with the signer's public key`, { retryable: true });
}

/**
 * Stores an attachment manifest (`.sig` or `.att`) with cosign's config over the given layers. The config
 * lists the layers, so it is new with every signature: uploaded without asking first. The PUT succeeds
 * only when the registry holds every blob the manifest names and answers with the bytes' digest
 * (checked by the client): that is what proves the write, without reading it back.
 */
export async function putAttachment(
  deps: SigningDeps,
  repo: RepositoryLocator,
  tag: string,
  layers: readonly Descriptor[],
  pushedConfig?: Descriptor,
): Promise<void> {
  const config = pushedConfig ?? (await pushAttachmentConfig(deps, repo, layers));
  await deps.registry.putManifest(repo, tag, {
    mediaType: MediaTypes.ociManifest,
    bytes: imageManifest(config, layers),
  });
}

/** Uploads cosign's attachment config for these layers (it depends on their digests only). */
export function pushAttachmentConfig(
  deps: SigningDeps,
  repo: RepositoryLocator,
  layers: readonly Pick<Descriptor, 'digest'>[],
): Promise<Descriptor> {
  return deps.registry.pushBlob(repo, attachmentConfig(layers), MediaTypes.ociConfig, 'upload');
}
