import type { KeyObject } from 'node:crypto';
import { fromBase64, jsonBytes } from '../cosign/bytes';
import { envelope, envelopePayload, parseEnvelope, preAuthEncoding } from '../cosign/dsse';
import {
  DSSE_ENVELOPE,
  IN_TOTO,
  PREDICATE_TYPE_ANNOTATION,
  SIGNATURE_ANNOTATION,
} from '../cosign/media-types';
import { sha256Digest } from '../oci/digest';
import type { Descriptor, RepositoryLocator, StoredManifest } from '../ports/registry';
import { attestationTag } from '../reference';
import { ensureBundle, sameBytes } from './ensure-bundle';
import { assertSignedBy, pushAttachmentConfig, putAttachment } from './legacy-signature';
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
 * already there is kept, not signed again.
 */
export async function writeAttestation(
  deps: SigningDeps,
  repo: RepositoryLocator,
  subject: Descriptor,
  statement: Uint8Array,
  predicateType: string,
  storage: AttestationStorage = { legacy: true, bundle: true },
): Promise<WrittenArtifact[]> {
  const key = parsePublicKey(await deps.signer.publicKeyPem());
  const tag = attestationTag(subject.digest);
  const [bundle, existingAtt] = await settleAll([
    storage.bundle
      ? ensureBundle(deps, key, repo, subject, statement, predicateType)
      : Promise.resolve(undefined),
    storage.legacy ? deps.registry.getManifest(repo, tag) : Promise.resolve(undefined),
  ]);
  const bundleArtifact: WrittenArtifact[] = bundle
    ? [
        {
          kind: 'attestation-bundle',
          subjectDigest: subject.digest,
          location: bundle.manifestDigest,
          written: bundle.written,
        },
      ]
    : [];
  if (!storage.legacy) return bundleArtifact;
  const notice = deps.onSkipped ?? noNotice;
  const layers = existingAtt ? attachmentLayers(existingAtt.bytes, tag, notice) : [];
  const present = await holdsAttestation(deps, repo, tag, existingAtt, layers, key, statement);
  if (!present) {
    const signed = bundle?.envelope ?? (await signEnvelope(deps, key, statement));
    const [blob, config] = await settleAll([
      deps.registry.pushBlob(repo, signed, DSSE_ENVELOPE, 'upload'),
      pushAttachmentConfig(deps, repo, [...layers, { digest: sha256Digest(signed) }]),
    ]);
    const layer: Descriptor = {
      ...blob,
      annotations: { [PREDICATE_TYPE_ANNOTATION]: predicateType, [SIGNATURE_ANNOTATION]: '' },
    };
    await putAttachment(deps, repo, tag, [...layers, layer], config);
  }
  return [
    ...bundleArtifact,
    { kind: 'attestation', subjectDigest: subject.digest, location: tag, written: !present },
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
