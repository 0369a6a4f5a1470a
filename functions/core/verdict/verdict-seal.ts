import type { KeyObject } from 'node:crypto';
import type { Signer } from '../ports/signer';
import { parsePublicKey, publicKeyFingerprint, verifiesWith } from '../signing/public-key';
import type { VerdictKey, VerdictStatus } from './verdict';
import type { VerdictSeal } from './verdict-parts';

export type { VerdictSeal } from './verdict-parts';

/** What a seal covers. `validUntil` bounds a replayed item: a seal always has one. */
export interface SealedFields extends VerdictKey {
  readonly status: VerdictStatus;
  readonly policyVersion?: string;
  readonly validUntil: string;
  readonly revision: number;
}

/** The payload type: domain separation from every other thing the key signs (cosign payloads). */
export const VERDICT_SEAL_TYPE = 'https://image-trust.dev/verdict-seal/v1';

/**
 * The exact bytes a seal signs: JSON with a fixed key order and no optional key left out (a missing
 * policy version is `null`), so that the signer and every verifier build the same bytes.
 */
export function sealedContent(fields: SealedFields): Uint8Array {
  return Buffer.from(
    JSON.stringify({
      _type: VERDICT_SEAL_TYPE,
      registry: fields.registry,
      repository: fields.repository,
      digest: fields.digest,
      status: fields.status,
      policyVersion: fields.policyVersion ?? null,
      validUntil: fields.validUntil,
      revision: fields.revision,
    }),
    'utf8',
  );
}

/** Seals `fields` with `signer` (one signing call: one KMS Sign for a KMS key). */
export async function sealVerdict(signer: Signer, fields: SealedFields, now: Date): Promise<VerdictSeal> {
  const [signature, pem] = await Promise.all([signer.sign(sealedContent(fields)), signer.publicKeyPem()]);
  return {
    key: publicKeyFingerprint(pem).slice(0, 16),
    revision: fields.revision,
    sealedAt: now.toISOString(),
    signature: Buffer.from(signature).toString('base64'),
  };
}

/** The keys a lookup trusts for seals, by their 16-hex-digit fingerprint. */
export type TrustedSealKeys = ReadonlyMap<string, KeyObject>;

/** Builds TrustedSealKeys from PEM public keys (the deployment's active and verifying keys). */
export function trustedSealKeys(pems: readonly string[]): TrustedSealKeys {
  return new Map(
    pems.map((pem) => {
      const key = parsePublicKey(pem);
      return [publicKeyFingerprint(key).slice(0, 16), key] as const;
    }),
  );
}

/** The verdict fields a seal check reads: a stored item as it was read. */
export interface SealableVerdict extends VerdictKey {
  readonly status: VerdictStatus;
  readonly policyVersion?: string;
  readonly validUntil?: string;
  readonly version: number;
  readonly seal?: VerdictSeal;
}

export type SealCheck =
  | { readonly ok: true }
  | { readonly ok: false; readonly code: 'VERDICT_UNSIGNED' | 'VERDICT_TAMPERED'; readonly message: string };

/**
 * Whether a VERIFIED item's seal holds: present, by a trusted key, over exactly this item's key,
 * status, policy version and validUntil, for a revision not newer than the item. Statuses other
 * than VERIFIED deny anyway and are not checked. Costs one ECDSA P-256 verification.
 */
export function checkSeal(verdict: SealableVerdict, trusted: TrustedSealKeys): SealCheck {
  if (verdict.status !== 'VERIFIED') return { ok: true };
  const seal = verdict.seal;
  if (seal === undefined || verdict.validUntil === undefined) {
    return {
      ok: false,
      code: 'VERDICT_UNSIGNED',
      message: `the VERIFIED verdict for ${verdict.digest} carries no signer's seal${seal === undefined ? '' : ' bound to a validUntil'}: it was not written by the image-trust signer`,
    };
  }
  const key = trusted.get(seal.key);
  if (key === undefined) {
    return tampered(verdict, `its seal names key ${seal.key}, which this deployment does not trust`);
  }
  if (!Number.isSafeInteger(seal.revision) || seal.revision > verdict.version) {
    return tampered(
      verdict,
      `its seal is for revision ${seal.revision}, newer than the item's ${verdict.version}`,
    );
  }
  const content = sealedContent({
    registry: verdict.registry,
    repository: verdict.repository,
    digest: verdict.digest,
    status: verdict.status,
    ...(verdict.policyVersion === undefined ? {} : { policyVersion: verdict.policyVersion }),
    validUntil: verdict.validUntil,
    revision: seal.revision,
  });
  if (!verifiesWith(key, content, Buffer.from(seal.signature, 'base64'))) {
    return tampered(verdict, 'its seal does not verify over its content');
  }
  return { ok: true };
}

function tampered(verdict: SealableVerdict, why: string): SealCheck {
  return {
    ok: false,
    code: 'VERDICT_TAMPERED',
    message: `the VERIFIED verdict for ${verdict.digest} was not sealed as stored: ${why}`,
  };
}
