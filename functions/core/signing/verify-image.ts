import type { KeyObject } from 'node:crypto';
import { statementCovers, parseStatement } from '../cosign/in-toto';
import { COSIGN_SIGN_PREDICATE, SIGNATURE_ANNOTATION } from '../cosign/media-types';
import { isIndexMediaType } from '../oci/media-types';
import { parseManifest } from '../cosign/oci-manifest';
import { attachmentLayers, newestFirst, noNotice, READ_LIMITS, type SkipNotice } from './read-limits';
import type { DigestReference } from '../image-reference';
import type { Registry, RepositoryLocator } from '../ports/registry';
import { signatureTag } from '../reference';
import { readBundles, statementBytesOf } from './bundle-referrer';
import { dockerReference } from './legacy-signature';
import { verifySimpleSigning } from './simple-signing-verifier';
import { verifyBundleWithKey } from './verify-bundle';

export interface Check {
  readonly ok: boolean;
  readonly reasons: readonly string[];
}

export interface DigestVerification {
  readonly digest: string;
  readonly legacy: Check;
  readonly bundle: Check;
}

export interface ImageVerification {
  readonly ok: boolean;
  readonly digests: readonly DigestVerification[];
  /** Every failure in words, prefixed with the digest it concerns. */
  readonly reasons: readonly string[];
}

export type SignatureFormat = 'legacy' | 'bundle';

/** One trusted key, or a key set's trusted keys (see `trustedKeys` in key-set.ts). */
export type TrustedKeys = KeyObject | readonly KeyObject[];

const isList = (keys: TrustedKeys): keys is readonly KeyObject[] => Array.isArray(keys);
const asList = (keys: TrustedKeys): readonly KeyObject[] => (isList(keys) ? keys : [keys]);

const NO_TRUSTED_KEY: Check = { ok: false, reasons: ['no trusted key: every key of the set is retired'] };

/**
 * Verifies an image's signatures by a trusted key, in the formats asked for (by default the legacy
 * `.sig`, the one signature format signing writes by default: signature-formats.ts), for the
 * digest and, for an index, every platform manifest (unless `rootOnly`). Given a key set, a signature by
 * any of its keys counts (a rotation: images signed by the old key or the new one); signatures by other
 * keys are ignored; one valid signature per format and digest suffices. What others wrote beside the
 * image is read within READ_LIMITS; the malformed or oversized is skipped and told to `notice`.
 */
export async function verifyImage(
  registry: Registry,
  key: TrustedKeys,
  reference: DigestReference,
  formats: readonly SignatureFormat[] = ['legacy'],
  options: { readonly rootOnly?: boolean; readonly notice?: SkipNotice } = {},
): Promise<ImageVerification> {
  const repo: RepositoryLocator = { registry: reference.registry, repository: reference.repository };
  const notice = options.notice ?? noNotice;
  const root = await registry.getManifest(repo, reference.digest);
  if (!root) {
    return {
      ok: false,
      digests: [],
      reasons: [`no manifest ${reference.digest} in ${dockerReference(repo)}`],
    };
  }
  const digests = [root.digest];
  if (isIndexMediaType(root.mediaType) && options.rootOnly !== true)
    digests.push(...(parseManifest(root.bytes).manifests ?? []).map((m) => m.digest));
  const results = await Promise.all(
    digests.map(async (digest) => ({
      digest,
      legacy: formats.includes('legacy') ? await verifyLegacy(registry, key, repo, digest, notice) : skipped,
      bundle: formats.includes('bundle')
        ? await verifySignatureBundles(registry, key, repo, digest, notice)
        : skipped,
    })),
  );
  const reasons = results.flatMap((r) =>
    [...r.legacy.reasons, ...r.bundle.reasons].map((why) => `${r.digest}: ${why}`),
  );
  return { ok: results.every((r) => r.legacy.ok && r.bundle.ok), digests: results, reasons };
}

const skipped: Check = { ok: true, reasons: [] };

export async function verifyLegacy(
  registry: Registry,
  keys: TrustedKeys,
  repo: RepositoryLocator,
  digest: string,
  notice: SkipNotice = noNotice,
): Promise<Check> {
  if (asList(keys).length === 0) return NO_TRUSTED_KEY;
  const tag = signatureTag(digest);
  const stored = await registry.getManifest(repo, tag);
  if (!stored) return { ok: false, reasons: [`no legacy cosign signature (${tag} not found)`] };
  const layers = attachmentLayers(stored.bytes, tag, notice);
  const reasons: string[] = [];
  for (const layer of newestFirst(layers, READ_LIMITS.layers)) {
    if (layer.size > READ_LIMITS.artifactBytes) {
      notice(`${tag} layer ${layer.digest}`, `a ${layer.size}-byte payload: skipped`);
      continue;
    }
    const payload = await registry.getBlob(repo, layer.digest).catch((error: unknown) => {
      notice(`${tag} layer ${layer.digest}`, `unreadable (${(error as Error).message}): skipped`);
      return undefined;
    });
    if (payload === undefined) continue;
    const signature = {
      mimeType: layer.mediaType,
      payload,
      signatureBase64: layer.annotations?.[SIGNATURE_ANNOTATION] ?? '',
      annotations: layer.annotations,
    };
    const why = new Set<string>();
    for (const key of asList(keys)) {
      const verdict = verifySimpleSigning(signature, {
        key,
        manifestDigest: digest,
        reference: dockerReference(repo),
      });
      if (verdict.status === 'valid') return { ok: true, reasons: [] };
      verdict.reasons.forEach((r) => why.add(r));
    }
    reasons.push(...[...why].map((r) => `legacy signature ${layer.digest.slice(0, 19)}: ${r}`));
  }
  return { ok: false, reasons: reasons.length ? reasons : [`${tag} holds no signature layers`] };
}

export async function verifySignatureBundles(
  registry: Registry,
  keys: TrustedKeys,
  repo: RepositoryLocator,
  digest: string,
  notice: SkipNotice = noNotice,
): Promise<Check> {
  if (asList(keys).length === 0) return NO_TRUSTED_KEY;
  const bundles = await readBundles(registry, repo, digest, COSIGN_SIGN_PREDICATE, notice);
  if (bundles.length === 0)
    return { ok: false, reasons: ['no Sigstore signature bundle among the referrers'] };
  const reasons: string[] = [];
  for (const stored of bundles) {
    const failures = asList(keys).map((key) => verifyBundleWithKey(stored.bundle, key));
    const why = failures.some((f) => f.length === 0) ? [] : [...new Set(failures.flat())];
    const bytes = statementBytesOf(stored.bundle);
    if (!bytes) why.push('the bundle holds no DSSE statement');
    else {
      const statement = parseStatement(bytes);
      if (statement.predicateType !== COSIGN_SIGN_PREDICATE)
        why.push(`predicate type is ${statement.predicateType}`);
      if (!statementCovers(statement, digest)) why.push('the statement is about another digest');
    }
    if (stored.subjectDigest !== digest)
      why.push(`the referrer's subject is ${stored.subjectDigest ?? 'missing'}`);
    if (why.length === 0) return { ok: true, reasons: [] };
    reasons.push(...why.map((r) => `bundle ${stored.manifestDigest.slice(0, 19)}: ${r}`));
  }
  return { ok: false, reasons };
}
