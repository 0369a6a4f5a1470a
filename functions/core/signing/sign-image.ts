import { attestationStatement, signStatement } from '../cosign/in-toto';
import { COSIGN_SIGN_PREDICATE, VULN_PREDICATE } from '../cosign/media-types';
import { isIndexMediaType } from '../oci/media-types';
import { parseManifest } from '../cosign/oci-manifest';
import { vulnPredicate } from '../cosign/vuln-predicate';
import { NotFoundError } from '../errors';
import type { DigestReference } from '../image-reference';
import type { Descriptor, RepositoryLocator, StoredManifest } from '../ports/registry';
import type { ScanSummary } from '../scan/scan-summary';
import { writeAttestation } from './attestation';
import { settleAll } from './settle-all';
import { ensureBundle } from './ensure-bundle';
import { dockerReference, writeLegacySignature } from './legacy-signature';
import { parsePublicKey } from './public-key';
import { DEFAULT_ARTIFACT_FORMATS, type ArtifactFormat } from './signature-formats';
import type { SigningDeps, WrittenArtifact } from './signing-deps';

export interface SignImageOptions {
  /** Attach a vulnerability attestation (cosign's vuln/v1) carrying this scan. */
  readonly scan?: ScanSummary;
  /**
   * Sign only the given manifest, not the platform manifests of an index: the pipeline signs each
   * platform when it is verified on its own evidence, and the index once they all are.
   */
  readonly rootOnly?: boolean;
  /** What to write for each subject; default DEFAULT_ARTIFACT_FORMATS (the attestations need `scan`). */
  readonly formats?: readonly ArtifactFormat[];
  /** The image's manifest, when the caller has read it already (it must be the one at the digest). */
  readonly manifest?: StoredManifest;
  /** What is likely not there yet: signed while what is there is read (ImageSigning's `likelyNew`). */
  readonly likelyNew?: { readonly signature: boolean; readonly attestation: boolean };
}

export interface SignImageResult {
  readonly reference: DigestReference;
  readonly keyId: string;
  /** The image digest and, for a multi-platform index, every platform manifest's digest. */
  readonly signedDigests: readonly string[];
  readonly artifacts: readonly WrittenArtifact[];
}

/**
 * Signs an image by digest in cosign's formats, those asked for (`formats`): by default the legacy
 * `.sig` signature and, with a scan, the vuln attestation in `.att`; on request also a Sigstore bundle
 * referrer (cosign 3's format) and the attestation as a bundle referrer. A multi-platform index is signed
 * together with every platform manifest (containers/image checks the platform digest, cosign the digest
 * it resolved). Signing again with the same key writes nothing new.
 *
 * Each writer checks its signature against the signer's public key before it writes (a wrong key or a
 * bad signature is never stored), and a write counts only when the registry accepted it: the manifest
 * PUT answered with these bytes' digest (a registry refuses a manifest whose blobs it lacks), the bundle
 * referrer listed (`OCI-Subject`, or the fallback index read back).
 */
export async function signImage(
  deps: SigningDeps,
  reference: DigestReference,
  options: SignImageOptions = {},
): Promise<SignImageResult> {
  const repo: RepositoryLocator = { registry: reference.registry, repository: reference.repository };
  const given = options.manifest?.digest === reference.digest ? options.manifest : undefined;
  const root = given ?? (await deps.registry.getManifest(repo, reference.digest));
  if (!root) throw new NotFoundError(`no manifest ${reference.digest} in ${dockerReference(repo)}`);
  const subjects: Descriptor[] = [
    { mediaType: root.mediaType, digest: root.digest, size: root.bytes.length },
  ];
  if (isIndexMediaType(root.mediaType) && options.rootOnly !== true) {
    subjects.push(
      ...(parseManifest(root.bytes).manifests ?? []).map(({ mediaType, digest, size }) => ({
        mediaType,
        digest,
        size,
      })),
    );
  }
  const formats = new Set(options.formats ?? DEFAULT_ARTIFACT_FORMATS);
  const likelyNew = options.likelyNew ?? { signature: false, attestation: false };
  const key = parsePublicKey(await deps.signer.publicKeyPem());
  // Each subject's signature, bundle and attestation live under different tags and digests: written
  // side by side, they cost the time of the slowest, not of all of them.
  const perSubject = await settleAll(
    subjects.map(async (subject): Promise<WrittenArtifact[]> => {
      const attest = options.scan && (formats.has('attestation') || formats.has('attestation-bundle'));
      const statement =
        attest && options.scan
          ? attestationStatement(
              dockerReference(repo),
              subject.digest,
              VULN_PREDICATE,
              vulnPredicate(options.scan),
            )
          : undefined;
      const none = Promise.resolve<WrittenArtifact[]>([]);
      const written = await settleAll([
        formats.has('signature')
          ? writeLegacySignature(deps, repo, subject.digest, likelyNew.signature).then((a) => [a])
          : none,
        formats.has('signature-bundle')
          ? ensureBundle(deps, key, repo, subject, signStatement(subject.digest), COSIGN_SIGN_PREDICATE).then(
              (bundle): WrittenArtifact[] => [
                {
                  kind: 'signature-bundle',
                  subjectDigest: subject.digest,
                  location: bundle.manifestDigest,
                  written: bundle.written,
                },
              ],
            )
          : none,
        statement
          ? writeAttestation(
              deps,
              repo,
              subject,
              statement,
              VULN_PREDICATE,
              { legacy: formats.has('attestation'), bundle: formats.has('attestation-bundle') },
              likelyNew.attestation,
            )
          : none,
      ]);
      return written.flat();
    }),
  );
  const artifacts = perSubject.flat();
  return { reference, keyId: deps.signer.keyId, signedDigests: subjects.map((s) => s.digest), artifacts };
}
