import type { ImageTrustError } from '../errors';
import {
  checkSeal,
  type SealableVerdict,
  type SealCheck,
  type TrustedSealKeys,
} from '../verdict/verdict-seal';
import type { VerdictKey } from '../verdict/verdict';
import type { VerdictAnswer } from './verdict-answer';

/** The reason codes of a VERIFIED item whose seal does not hold. */
export type SealRefusalCode = Extract<SealCheck, { ok: false }>['code'];

/** A VERIFIED item a lookup refused for its seal: told to LookupDeps.onSealRefused (metric, log). */
export interface SealRefusal extends VerdictKey {
  readonly code: SealRefusalCode;
  readonly message: string;
}

/**
 * checkSeal on an item as read: a seal of the wrong shape (a number where the signature belongs) is
 * tampering too, never an exception that would turn a forged item into a 5xx.
 */
export function judgeSeal(verdict: SealableVerdict, trusted: TrustedSealKeys): SealCheck {
  try {
    return checkSeal(verdict, trusted);
  } catch {
    return {
      ok: false,
      code: 'VERDICT_TAMPERED',
      message: `the VERIFIED verdict for ${verdict.digest} was not sealed as stored: its seal is malformed`,
    };
  }
}

/**
 * The answer for a VERIFIED item whose seal does not hold: REJECTED and final (the item will not
 * start verifying by itself), the signature layer failing with the reason. Nothing else of the item
 * is shown: none of it can be trusted.
 */
export function sealRefusedAnswer(
  image: string,
  refusal: Extract<SealCheck, { ok: false }>,
  checkedAt: string,
): VerdictAnswer {
  return {
    image,
    allowed: false,
    status: 'REJECTED',
    final: true,
    checks: { allowlist: 'pass', digest: 'pass', scan: 'skipped', signature: 'fail' },
    reasons: [{ layer: 'signature', code: refusal.code, message: refusal.message }],
    checkedAt,
  };
}

/**
 * The answer for a VERIFIED item when the trusted keys cannot be had: UNKNOWN, not final (asked again,
 * the keys are read again), the signature layer unchecked.
 */
export function sealKeysMissingAnswer(
  image: string,
  failure: ImageTrustError,
  checkedAt: string,
): VerdictAnswer {
  return {
    image,
    allowed: false,
    status: 'UNKNOWN',
    final: false,
    checks: { allowlist: 'pass', digest: 'pass', scan: 'skipped', signature: 'fail' },
    reasons: [
      {
        layer: 'signature',
        code: 'SEAL_KEYS_UNAVAILABLE',
        message: `the keys that check the verdict's seal could not be read (${failure.code}): denied until they can`,
      },
    ],
    checkedAt,
  };
}
