import { fromBase64 } from '../cosign/bytes';
import { envelopePayload, parseEnvelope, preAuthEncoding } from '../cosign/dsse';
import { DSSE_ENVELOPE, PREDICATE_TYPE_ANNOTATION, SIGNATURE_ANNOTATION } from '../cosign/media-types';
import type { Descriptor, RepositoryLocator } from '../ports/registry';
import { attestationTag } from '../reference';
import { ensureBundle, sameBytes } from './ensure-bundle';
import { putAttachment } from './legacy-signature';
import { settleAll } from './settle-all';
import { parsePublicKey, verifiesWith } from './public-key';
import { attachmentLayers, newestFirst, noNotice, READ_LIMITS } from './read-limits';
import type { SigningDeps, WrittenArtifact } from './signing-deps';

/**
 * Attests `statement` about `subject` in both storages with one signature: a Sigstore bundle referrer
 * (built by sigstore-js through our Signer), and the same DSSE envelope as a layer of the manifest tagged
 * `sha256-HEX.att` (cosign's legacy attestations). An equivalent attestation by this key already there
 * is kept, not signed again.
 */
export async function writeAttestation(
  deps: SigningDeps,
  repo: RepositoryLocator,
  subject: Descriptor,
  statement: Uint8Array,
  predicateType: string,
): Promise<WrittenArtifact[]> {
  const key = parsePublicKey(await deps.signer.publicKeyPem());
  const tag = attestationTag(subject.digest);
  const [bundle, existingAtt] = await settleAll([
    ensureBundle(deps, key, repo, subject, statement, predicateType),
    deps.registry.getManifest(repo, tag),
  ]);
  const notice = deps.onSkipped ?? noNotice;
  const layers = existingAtt ? attachmentLayers(existingAtt.bytes, tag, notice) : [];
  let present = false;
  const envelopes = layers.filter(
    (l) => l.mediaType === DSSE_ENVELOPE && l.size <= READ_LIMITS.artifactBytes,
  );
  for (const layer of newestFirst(envelopes, READ_LIMITS.layers)) {
    try {
      const envelope = parseEnvelope(await deps.registry.getBlob(repo, layer.digest));
      const payload = envelopePayload(envelope);
      const pae = preAuthEncoding(envelope.payloadType, payload);
      if (
        sameBytes(payload, statement) &&
        envelope.signatures.some((s) => verifiesWith(key, pae, fromBase64(s.sig)))
      ) {
        present = true;
        break;
      }
    } catch (error) {
      notice(`${tag} layer ${layer.digest}`, `unreadable (${(error as Error).message}): skipped`);
    }
  }
  if (!present) {
    const blob = await deps.registry.pushBlob(repo, bundle.envelope, DSSE_ENVELOPE);
    const layer: Descriptor = {
      ...blob,
      annotations: { [PREDICATE_TYPE_ANNOTATION]: predicateType, [SIGNATURE_ANNOTATION]: '' },
    };
    await putAttachment(deps, repo, tag, [...layers, layer]);
  }
  return [
    {
      kind: 'attestation-bundle',
      subjectDigest: subject.digest,
      location: bundle.manifestDigest,
      written: bundle.written,
    },
    { kind: 'attestation', subjectDigest: subject.digest, location: tag, written: !present },
  ];
}
