import { createPublicKey, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { staticSealKeys } from '../../functions/core/lookup/cached-seal-keys';
import type { Verdict } from '../../functions/core/verdict/verdict';
import { sealedContent, trustedSealKeys, type VerdictSeal } from '../../functions/core/verdict/verdict-seal';
import { publicKeyFingerprint } from '../../functions/core/signing/public-key';

/** A verdict as the table may hold it: with the signer's seal, or without. */
export type SealedVerdict = Verdict & { readonly seal?: VerdictSeal };

/** The signer's key in the tests: what the write side seals VERIFIED verdicts with. */
export const TEST_SEAL_KEY = generateKeyPairSync('ec', { namedCurve: 'P-256' });
/** The PEM of TEST_SEAL_KEY's public half. */
export const TEST_SEAL_PEM = TEST_SEAL_KEY.publicKey.export({ format: 'pem', type: 'spki' }).toString();
/** The lookup's trusted keys in the tests: TEST_SEAL_KEY only. */
export const testSealKeys = () => staticSealKeys(trustedSealKeys([TEST_SEAL_PEM]));

/** When a test verdict without a validUntil of its own is sealed until (far: tests judge other things). */
export const TEST_SEAL_VALID_UNTIL = '2099-01-01T00:00:00.000Z';

/**
 * `verdict` as the signer stores it: a VERIFIED verdict sealed by `key` (TEST_SEAL_KEY) over its content
 * and revision (a seal always has a validUntil: TEST_SEAL_VALID_UNTIL when it has none); any other
 * verdict as it is, without a seal. The same bytes and signature as `sealVerdict`, made synchronously.
 */
export function sealedForTest(verdict: Verdict, key: KeyObject = TEST_SEAL_KEY.privateKey): SealedVerdict {
  if (verdict.status !== 'VERIFIED') {
    const { seal: _dropped, ...unsealed } = verdict as SealedVerdict;
    return unsealed;
  }
  const validUntil = verdict.validUntil ?? TEST_SEAL_VALID_UNTIL;
  const content = sealedContent({
    registry: verdict.registry,
    repository: verdict.repository,
    digest: verdict.digest,
    status: verdict.status,
    ...(verdict.policyVersion === undefined ? {} : { policyVersion: verdict.policyVersion }),
    validUntil,
    revision: verdict.version,
  });
  const seal: VerdictSeal = {
    key: publicKeyFingerprint(createPublicKey(key)).slice(0, 16),
    revision: verdict.version,
    sealedAt: verdict.updatedAt,
    signature: sign('sha256', content, key).toString('base64'),
  };
  return { ...verdict, validUntil, seal };
}
