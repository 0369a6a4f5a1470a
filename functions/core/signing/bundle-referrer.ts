import { bundleFromJSON, bundleToJSON, type Bundle } from '@sigstore/bundle';
// The DSSE bundler alone: the package index also loads the Fulcio, Rekor and TSA clients and their HTTP
// stack (about 1 MB bundled, +130 ms cold start), which signing with our own key never uses.
import { DSSEBundleBuilder } from '@sigstore/sign/dist/bundler/dsse';
import { fromUtf8, jsonBytes } from '../cosign/bytes';
import {
  BUNDLE_CONTENT_ANNOTATION,
  BUNDLE_PREDICATE_ANNOTATION,
  CREATED_ANNOTATION,
  EMPTY_JSON,
  IN_TOTO,
  SIGSTORE_BUNDLE_V03,
  TITLE_ANNOTATION,
} from '../cosign/media-types';
import { MediaTypes } from '../oci/media-types';
import { parseManifest } from '../cosign/oci-manifest';
import type { Descriptor, RepositoryLocator } from '../ports/registry';
import { UpstreamError } from '../errors';
import { parsePublicKey } from './public-key';
import { newestFirst, noNotice, READ_LIMITS, type SkipNotice } from './read-limits';
import { settleAll } from './settle-all';
import { toSigstoreSigner } from './sigstore-signer';
import type { SigningDeps } from './signing-deps';
import { verifyBundleWithKey } from './verify-bundle';

/** A Sigstore bundle (v0.3, DSSE) found among an image's referrers. */
export interface StoredBundle {
  readonly manifestDigest: string;
  readonly subjectDigest: string | undefined;
  readonly predicateType: string | undefined;
  readonly bundle: Bundle;
}

/**
 * Signs an in-toto statement with sigstore-js (DSSE, bundle v0.3, no transparency log) and attaches the
 * bundle as an OCI 1.1 referrer of `subject`, laid out as cosign's BUNDLE_SPEC says.
 */
export async function attachBundle(
  deps: SigningDeps,
  repo: RepositoryLocator,
  subject: Descriptor,
  statement: Uint8Array,
  predicateType: string,
): Promise<{ bundle: Bundle; manifestDigest: string }> {
  const signer = toSigstoreSigner(deps.signer, await deps.signer.publicKeyPem());
  const bundle = await new DSSEBundleBuilder({ signer, witnesses: [] }).create({
    data: Buffer.from(statement),
    type: IN_TOTO,
  });
  // Checked in memory before anything is written: a bundle the key does not verify is never stored.
  const failures = verifyBundleWithKey(bundle, parsePublicKey(await deps.signer.publicKeyPem()));
  if (failures.length > 0)
    throw new UpstreamError(`the new bundle for ${subject.digest}: ${failures.join('; ')}`, {
      retryable: true,
    });
  const bundleBytes = jsonBytes(bundleToJSON(bundle));
  // The bundle is new (uploaded without asking first); the empty config `{}` is shared by every bundle
  // referrer in the repository (checked once per process).
  const [layer, config] = await settleAll([
    deps.registry.pushBlob(repo, bundleBytes, SIGSTORE_BUNDLE_V03, 'upload'),
    deps.registry.pushBlob(repo, EMPTY_JSON, MediaTypes.ociEmpty, 'shared'),
  ]);
  const created = (deps.now?.() ?? new Date()).toISOString();
  const manifest = jsonBytes({
    schemaVersion: 2,
    mediaType: MediaTypes.ociManifest,
    artifactType: SIGSTORE_BUNDLE_V03,
    config,
    layers: [
      { ...layer, annotations: { [TITLE_ANNOTATION]: `${layer.digest.replace(':', '-')}.sigstore.json` } },
    ],
    subject: { mediaType: subject.mediaType, digest: subject.digest, size: subject.size },
    annotations: {
      [BUNDLE_CONTENT_ANNOTATION]: 'dsse-envelope',
      [BUNDLE_PREDICATE_ANNOTATION]: predicateType,
      [CREATED_ANNOTATION]: created,
    },
  });
  const descriptor = await deps.registry.putReferrer(
    repo,
    { mediaType: MediaTypes.ociManifest, bytes: manifest },
    subject.digest,
  );
  return { bundle, manifestDigest: descriptor.digest };
}

/**
 * Reads the Sigstore bundles attached to `digest`, optionally only those of one predicate type: at most
 * READ_LIMITS.referrers of them, newest first. A referrer that is oversized, malformed or unreadable is
 * skipped (and told to `notice`); it never fails the read.
 */
export async function readBundles(
  registry: SigningDeps['registry'],
  repo: RepositoryLocator,
  digest: string,
  predicateType?: string,
  notice: SkipNotice = noNotice,
): Promise<StoredBundle[]> {
  const referrers = await registry.referrers(repo, digest, SIGSTORE_BUNDLE_V03);
  const candidates = referrers.filter(
    (r) =>
      !predicateType ||
      !r.annotations?.[BUNDLE_PREDICATE_ANNOTATION] ||
      r.annotations[BUNDLE_PREDICATE_ANNOTATION] === predicateType,
  );
  const found = await Promise.all(
    newestFirst(candidates, READ_LIMITS.referrers).map(async (referrer) => {
      const what = `referrer ${referrer.digest} of ${digest}`;
      try {
        return await readBundle(registry, repo, referrer);
      } catch (error) {
        notice(what, `${(error as Error).message}: skipped`);
        return undefined;
      }
    }),
  );
  return found.filter((b): b is StoredBundle => b !== undefined);
}

async function readBundle(
  registry: SigningDeps['registry'],
  repo: RepositoryLocator,
  referrer: Descriptor,
): Promise<StoredBundle | undefined> {
  if (referrer.size > READ_LIMITS.referrerManifestBytes) throw new Error(`a ${referrer.size}-byte manifest`);
  const stored = await registry.getManifest(repo, referrer.digest);
  if (!stored) return undefined;
  if (stored.bytes.length > READ_LIMITS.referrerManifestBytes)
    throw new Error(`a ${stored.bytes.length}-byte manifest`);
  const manifest = parseManifest(stored.bytes);
  const layer = (Array.isArray(manifest.layers) ? manifest.layers : []).find(
    (l) => typeof l?.mediaType === 'string' && l.mediaType.startsWith('application/vnd.dev.sigstore.bundle'),
  );
  if (!layer) return undefined;
  if (!(layer.size <= READ_LIMITS.artifactBytes)) throw new Error(`a ${String(layer.size)}-byte bundle`);
  const bytes = await registry.getBlob(repo, layer.digest);
  return {
    manifestDigest: referrer.digest,
    subjectDigest: typeof manifest.subject?.digest === 'string' ? manifest.subject.digest : undefined,
    predicateType: manifest.annotations?.[BUNDLE_PREDICATE_ANNOTATION],
    bundle: bundleFromJSON(JSON.parse(fromUtf8(bytes))),
  };
}

export const statementBytesOf = (bundle: Bundle): Uint8Array | undefined =>
  bundle.content.$case === 'dsseEnvelope' ? new Uint8Array(bundle.content.dsseEnvelope.payload) : undefined;
