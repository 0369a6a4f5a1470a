import type { SealedFields, VerdictSeal } from './verdict-seal';

/**
 * Seals an allow decision (verdict-seal.ts): one signature over the verdict's canonical content. Only
 * the signing function and the local mode hold one (the signer's key: one KMS Sign per seal); the
 * other writers keep a seal whose sealed fields they do not change, or hand the work to the signer.
 */
export interface VerdictSealer {
  seal(fields: SealedFields, now: Date): Promise<VerdictSeal>;
}
