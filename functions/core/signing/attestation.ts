import type { KeyObject } from 'node:crypto';
import { fromBase64, jsonBytes } from '../cosign/bytes';
import { envelope, envelopePayload, parseEnvelope, preAuthEncoding } from '../cosign/dsse';
import {
  DSSE_ENVELOPE,
  IN_TOTO,
  PREDICATE_TYPE_ANNOTATION,
  SIGNATURE_ANNOTATION,
} from '../cosign/media-types';
import { attachmentConfig } from '../cosign/oci-manifest';
import { sha256Digest } from '../oci/digest';
import { MediaTypes } from '../oci/media-types';
import type { Descriptor, RepositoryLocator, StoredManifest } from '../ports/registry';
import { attestationTag } from '../reference';
import { ensureBundle, sameBytes } from './ensure-bundle';
import { assertSignedBy, putAttachment } from './legacy-signature';
import { pushBlobWhenReady } from './push-when-ready';
import { settleAll } from './settle-all';
import { parsePublicKey, verifiesWith } from './public-key';
import { attachmentLayers, newestFirst, noNotice, READ_LIMITS } from './read-limits';
import type { SigningDeps, WrittenArtifact } from './signing-deps';

/** Where an attestation is stored: cosign's legacy `.att`, a Sigstore bundle referrer, or both. */
export interface AttestationStorage {
  readonly legacy: boolean;
  readonly bundle: boolean;
}

/**
 * Attests `statement` about `subject` in the storages asked for, with one signature: a Sigstore bundle
 * referrer (built by sigstore-js through our Signer) and/or the same DSSE envelope as a layer of the
 * manifest tagged `sha256-HEX.att` (cosign's legacy attestations). An equivalent attestation by this key
 * already there is kept, not signed again. With `likelyNew` (the verdict records no attestation of this
 * scan) the envelope's and the config's uploads are opened, and without a bundle the envelope signed,
 * while `.att` is read: a guess that was wrong costs that signing call and two unused upload sessions.
 */
export async function writeAttestation(
  deps: SigningDeps,
  repo: RepositoryLocator,
  subject: Descriptor,
  statement: Uint8Array,
  predicateType: string,
  storage: AttestationStorage = { legacy: true, bundle: true },
  likelyNew = false,
): Promise<WrittenArtifact[]> {
  const key = parsePublicKey(await deps.signer.publicKeyPem());
  const tag = attestationTag(subject.digest);
  const bundling = storage.bundle
    ? ensureBundle(deps, key, repo, subject, statement, predicateType)
    : Promise.resolve(undefined);
  const bundleArtifact = (bundle: Awaited<typeof bundling>): WrittenArtifact[] =>
    bundle
      ? [
          {
            kind: 'attestation-bundle',
            subjectDigest: subject.digest,
            location: bundle.manifestDigest,
            written: bundle.written,
          },
        ]
      : [];
  if (!storage.legacy) return bundleArtifact(await bundling);
  const notice = deps.onSkipped ?? noNotice;
  const found = deps.registry.getManifest(repo, tag).then(async (existing) => {
    const layers = existing ? attachmentLayers(existing.bytes, tag, notice) : [];
    return { layers, present: await holdsAttestation(deps, repo, tag, existing, layers, key, statement) };
  });
  const speculative = likelyNew && !storage.bundle ? signEnvelope(deps, key, statement) : undefined;
  void speculative?.catch(() => undefined);
  // A bundle carries the envelope it signed: the `.att` layer is that one (one signature for both).
  const signing = Promise.all([found, bundling]).then(async ([f, bundle]) =>
    f.present ? undefined : (bundle?.envelope ?? (await (speculative ?? signEnvelope(deps, key, statement)))),
  );
  const configBytes = Promise.all([found, signing]).then(([f, signed]) =>
    signed === undefined ? undefined : attachmentConfig([...f.layers, { digest: sha256Digest(signed) }]),
  );
  const [state, bundle, blob, config] = await settleAll([
    found,
    bundling,
    pushBlobWhenReady(deps.registry, repo, signing, DSSE_ENVELOPE, likelyNew),
    pushBlobWhenReady(deps.registry, repo, configBytes, MediaTypes.ociConfig, likelyNew),
  ]);
  if (!state.present && blob !== undefined && config !== undefined) {
    const layer: Descriptor = {
      ...blob,
      annotations: { [PREDICATE_TYPE_ANNOTATION]: predicateType, [SIGNATURE_ANNOTATION]: '' },
    };
    await putAttachment(deps, repo, tag, [...state.layers, layer], config);
  }
  return [
    ...bundleArtifact(bundle),
    { kind: 'attestation', subjectDigest: subject.digest, location: tag, written: !state.present },
  ];
}

/** Whether the `.att` manifest holds a DSSE envelope of exactly `statement` signed by `key`. */
async function holdsAttestation(
  deps: SigningDeps,
  repo: RepositoryLocator,
  tag: string,
  existing: StoredManifest | undefined,
  layers: readonly Descriptor[],
  key: KeyObject,
  statement: Uint8Array,
): Promise<boolean> {
  if (!existing) return false;
  const notice = deps.onSkipped ?? noNotice;
  const envelopes = layers.filter(
    (l) => l.mediaType === DSSE_ENVELOPE && l.size <= READ_LIMITS.artifactBytes,
  );
  for (const layer of newestFirst(envelopes, READ_LIMITS.layers)) {
    try {
      const found = parseEnvelope(await deps.registry.getBlob(repo, layer.digest));
      const payload = envelopePayload(found);
      const pae = preAuthEncoding(found.payloadType, payload);
      if (
        sameBytes(payload, statement) &&
        found.signatures.some((s) => verifiesWith(key, pae, fromBase64(s.sig)))
      )
        return true;
    } catch (error) {
      notice(`${tag} layer ${layer.digest}`, `unreadable (${(error as Error).message}): skipped`);
    }
  }
  return false;
}

/** A DSSE envelope of the in-toto statement, signed by the signer (checked against its key). */
async function signEnvelope(deps: SigningDeps, key: KeyObject, statement: Uint8Array): Promise<Uint8Array> {
  const pae = preAuthEncoding(IN_TOTO, statement);
  const signature = await deps.signer.sign(pae);
  assertSignedBy(key, pae, signature, 'the attestation envelope');
  return jsonBytes(envelope(IN_TOTO, statement, signature));
}
