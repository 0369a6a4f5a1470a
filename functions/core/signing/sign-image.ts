import { attestationStatement, signStatement } from '../cosign/in-toto';
import { COSIGN_SIGN_PREDICATE, VULN_PREDICATE } from '../cosign/media-types';
import { isIndexMediaType } from '../oci/media-types';
import { parseManifest } from '../cosign/oci-manifest';
import { vulnPredicate } from '../cosign/vuln-predicate';
import { NotFoundError } from '../errors';
import type { DigestReference } from '../image-reference';
import type { Descriptor, RepositoryLocator } from '../ports/registry';
import type { ScanSummary } from '../scan/scan-summary';
import { writeAttestation } from './attestation';
import { settleAll } from './settle-all';
import { ensureBundle } from './ensure-bundle';
import { dockerReference, writeLegacySignature } from './legacy-signature';
import { parsePublicKey } from './public-key';
import type { SigningDeps, WrittenArtifact } from './signing-deps';

export interface SignImageOptions {
  /** Attach a vulnerability attestation (cosign's vuln/v1) carrying this scan. */
  readonly scan?: ScanSummary;
  /**
   * Sign only the given manifest, not the platform manifests of an index: the pipeline signs each
   * platform when it is verified on its own evidence, and the index once they all are.
   */
  readonly rootOnly?: boolean;
}

export interface SignImageResult {
  readonly reference: DigestReference;
  readonly keyId: string;
  /** The image digest and, for a multi-platform index, every platform manifest's digest. */
  readonly signedDigests: readonly string[];
  readonly artifacts: readonly WrittenArtifact[];
}

/**
 * Signs an image by digest in cosign's formats: the legacy `.sig` signature, a Sigstore bundle referrer
 * (cosign 3's format) and, with a scan, a vuln attestation in `.att` and as a referrer. A multi-platform
 * index is signed together with every platform manifest (containers/image checks the platform digest,
 * cosign the digest it resolved). Signing again with the same key writes nothing new.
 */
export async function signImage(
  deps: SigningDeps,
  reference: DigestReference,
  options: SignImageOptions = {},
): Promise<SignImageResult> {
  const repo: RepositoryLocator = { registry: reference.registry, repository: reference.repository };
  const root = await deps.registry.getManifest(repo, reference.digest);
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
  const key = parsePublicKey(await deps.signer.publicKeyPem());
  // Each subject's signature, bundle and attestation live under different tags and digests: written
  // side by side, they cost the time of the slowest, not of all of them.
  const perSubject = await settleAll(
    subjects.map(async (subject): Promise<WrittenArtifact[]> => {
      const statement = options.scan
        ? attestationStatement(
            dockerReference(repo),
            subject.digest,
            VULN_PREDICATE,
            vulnPredicate(options.scan),
          )
        : undefined;
      const [legacy, bundle, attestation] = await settleAll([
        writeLegacySignature(deps, repo, subject.digest),
        ensureBundle(deps, key, repo, subject, signStatement(subject.digest), COSIGN_SIGN_PREDICATE),
        statement ? writeAttestation(deps, repo, subject, statement, VULN_PREDICATE) : Promise.resolve([]),
      ]);
      return [
        legacy,
        {
          kind: 'signature-bundle',
          subjectDigest: subject.digest,
          location: bundle.manifestDigest,
          written: bundle.written,
        },
        ...attestation,
      ];
    }),
  );
  const artifacts = perSubject.flat();
  return { reference, keyId: deps.signer.keyId, signedDigests: subjects.map((s) => s.digest), artifacts };
}
