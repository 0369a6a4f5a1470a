import type { KeyObject } from 'node:crypto';
import { envelopeToJSON, type Bundle } from '@sigstore/bundle';
import { jsonBytes } from '../cosign/bytes';
import type { Descriptor, RepositoryLocator } from '../ports/registry';
import { attachBundle, readBundles, statementBytesOf } from './bundle-referrer';
import type { SigningDeps } from './signing-deps';
import { verifyBundleWithKey } from './verify-bundle';

export const sameBytes = (a: Uint8Array | undefined, b: Uint8Array): boolean =>
  a !== undefined && a.length === b.length && a.every((x, i) => x === b[i]);

export interface EnsuredBundle {
  readonly manifestDigest: string;
  readonly written: boolean;
  /** The bundle's DSSE envelope as JSON bytes, as cosign stores it in `.att` layers. */
  readonly envelope: Uint8Array;
}

/**
 * Makes sure a bundle by this key over exactly `statement` is attached to `subject`: reuses one already
 * there (no signing), or signs and attaches a new one.
 */
export async function ensureBundle(
  deps: SigningDeps,
  key: KeyObject,
  repo: RepositoryLocator,
  subject: Descriptor,
  statement: Uint8Array,
  predicateType: string,
): Promise<EnsuredBundle> {
  const existing = await readBundles(deps.registry, repo, subject.digest, predicateType, deps.onSkipped);
  const mine = existing.find(
    (b) =>
      b.subjectDigest === subject.digest &&
      sameBytes(statementBytesOf(b.bundle), statement) &&
      verifyBundleWithKey(b.bundle, key).length === 0,
  );
  if (mine)
    return { manifestDigest: mine.manifestDigest, written: false, envelope: envelopeBytes(mine.bundle) };
  const attached = await attachBundle(deps, repo, subject, statement, predicateType);
  return { manifestDigest: attached.manifestDigest, written: true, envelope: envelopeBytes(attached.bundle) };
}

function envelopeBytes(bundle: Bundle): Uint8Array {
  if (bundle.content.$case !== 'dsseEnvelope') throw new TypeError('expected a DSSE bundle');
  return jsonBytes(envelopeToJSON(bundle.content.dsseEnvelope));
}
