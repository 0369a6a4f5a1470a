import type { VerdictSealer } from './verdict-sealer';
import { newerOf } from './event-order';
import type { Verdict } from './verdict';
import { sealedContent, type SealedFields, type VerdictSeal } from './verdict-seal';

const HOUR_MS = 3_600_000;

/** The default seal lifetime: how long a sealed VERIFIED verdict allows at most without a new seal. */
export const DEFAULT_SEAL_LIFETIME_HOURS = 24;

/** How a writer seals: its sealer (only the signer and the local mode hold one) and the seal lifetime. */
export interface Sealing {
  readonly sealer?: VerdictSealer;
  /** A seal's `validUntil` is at most its sealing time + this; it is renewed at half of it. */
  readonly lifetimeHours: number;
  /**
   * A seal made ahead of the write (beside the signing, see `sealTarget`): used instead of a new one only
   * when the verdict about to be written has exactly its sealed content; otherwise ignored.
   */
  readonly preseal?: Preseal;
}

/** A seal made before the verdict it is meant for was derived: over `fields`, made at `at`. */
export interface Preseal {
  readonly fields: SealedFields;
  readonly seal: VerdictSeal;
  readonly at: Date;
}

/** What sealing a verdict about to be written did. */
export interface SealOutcome {
  readonly verdict: Verdict;
  /** One seal was made (one signing call: one KMS Sign). */
  readonly sealed: boolean;
  /** A VERIFIED verdict goes out without a valid seal (no sealer here): the signer must seal it. */
  readonly unsealed: boolean;
}

/**
 * Seals `next` (a verdict as the state machine derived it, `validUntil` the decision's) before it is written
 * over `current`:
 * - not VERIFIED: no seal (denials need none), no signing call;
 * - VERIFIED with the same decision (status, policy version, the decision's own validUntil) as a sealed
 *   `current`: keeps its seal and `validUntil` (a tag event), no signing call, unless this writer can
 *   seal and the seal is due for renewal (`resealAt` passed);
 * - else, with a sealer: the preseal (`sealing.preseal`) when its content is exactly this verdict's,
 *   `validUntil` capped at its sealing time + the seal lifetime (no signing call); otherwise a new seal
 *   for revision `next.version`, `validUntil` capped at now + the seal lifetime, renewal due at half of
 *   it (one signing call);
 * - else: written unsealed (a lookup denies it as VERDICT_UNSIGNED), `unsealed` tells the caller to
 *   hand it to the signer.
 */
export async function sealStep(
  next: Verdict,
  current: Verdict | undefined,
  sealing: Sealing,
  now: Date,
): Promise<SealOutcome> {
  const bare = withoutSeal(next);
  if (bare.status !== 'VERIFIED') return { verdict: bare, sealed: false, unsealed: false };
  const kept = keptSeal(bare, current);
  if (kept !== undefined && (sealing.sealer === undefined || now.getTime() < Date.parse(kept.resealAt!))) {
    return { verdict: kept, sealed: false, unsealed: false };
  }
  if (sealing.sealer === undefined) return { verdict: bare, sealed: false, unsealed: true };
  const lifetimeMs = sealing.lifetimeHours * HOUR_MS;
  const pre = sealing.preseal;
  if (pre !== undefined) {
    const capped = cappedAt(bare, pre.at.getTime() + lifetimeMs);
    if (sameSealedContent(sealedFieldsOf(capped), pre.fields)) {
      const resealAt = new Date(pre.at.getTime() + lifetimeMs / 2).toISOString();
      return { verdict: { ...capped, seal: pre.seal, resealAt }, sealed: false, unsealed: false };
    }
  }
  const capped = cappedAt(bare, now.getTime() + lifetimeMs);
  const seal = await sealing.sealer.seal(sealedFieldsOf(capped), now);
  const resealAt = new Date(now.getTime() + lifetimeMs / 2).toISOString();
  return { verdict: { ...capped, seal, resealAt }, sealed: true, unsealed: false };
}

/**
 * What `sealStep` would seal for `next` over `current` at `now` (undefined: no new seal, because it is
 * not VERIFIED, keeps `current`'s seal, or this writer has no sealer): what a seal made ahead covers.
 */
export function sealTarget(
  next: Verdict,
  current: Verdict | undefined,
  sealing: Sealing,
  now: Date,
): SealedFields | undefined {
  const bare = withoutSeal(next);
  if (bare.status !== 'VERIFIED' || sealing.sealer === undefined) return undefined;
  const kept = keptSeal(bare, current);
  if (kept !== undefined && now.getTime() < Date.parse(kept.resealAt!)) return undefined;
  return sealedFieldsOf(cappedAt(bare, now.getTime() + sealing.lifetimeHours * HOUR_MS));
}

/** The fields a seal of `verdict` (VERIFIED, its validUntil capped) covers. */
function sealedFieldsOf(verdict: Verdict): SealedFields {
  return {
    registry: verdict.registry,
    repository: verdict.repository,
    digest: verdict.digest,
    status: verdict.status,
    ...(verdict.policyVersion === undefined ? {} : { policyVersion: verdict.policyVersion }),
    validUntil: verdict.validUntil!,
    revision: verdict.version,
  };
}

/** Whether two seals' content is the same bytes (what the seal signs, so what a lookup checks). */
function sameSealedContent(a: SealedFields, b: SealedFields): boolean {
  return Buffer.from(sealedContent(a)).equals(sealedContent(b));
}

/** Whether a verdict is VERIFIED without a seal, or with one due for renewal at `now`. */
export function resealDue(verdict: Verdict, now: Date): boolean {
  if (verdict.status !== 'VERIFIED') return false;
  if (verdict.seal === undefined || verdict.resealAt === undefined) return true;
  return Date.parse(verdict.resealAt) <= now.getTime();
}

/** A verdict without its seal and the fields the seal bounds. */
export function withoutSeal(verdict: Verdict): Verdict {
  const { seal: _seal, resealAt: _resealAt, ...rest } = verdict;
  return rest;
}

/**
 * `next` with `current`'s seal, when `current` is a sealed VERIFIED verdict of the same decision: the
 * sealed fields (status, policy version, validUntil) stay as they were sealed.
 */
function keptSeal(next: Verdict, current: Verdict | undefined): Verdict | undefined {
  if (
    current?.status !== 'VERIFIED' ||
    current.seal === undefined ||
    current.validUntil === undefined ||
    current.resealAt === undefined ||
    current.policyVersion !== next.policyVersion ||
    decisionValidUntil(current) !== decisionValidUntil(next)
  ) {
    return undefined;
  }
  const capped = cappedAt(next, Date.parse(current.validUntil));
  if (capped.validUntil !== current.validUntil) return undefined;
  return { ...capped, seal: current.seal, resealAt: current.resealAt };
}

/** The validUntil of the evaluation a verdict's status stands on (before any seal capped it). */
function decisionValidUntil(verdict: Verdict): string | undefined {
  const latest = verdict.latestEvents;
  return newerOf(latest.Evaluated, latest.OperatorEvaluated)?.validity?.validUntil;
}

/**
 * `verdict` allowing until `endMs` at the latest: its `validUntil` (what the seal covers) is capped, its
 * `validity` stays the policy decision's own (an index derives its validity from its platforms'; a
 * seal's lifetime must not become part of a decision).
 */
function cappedAt(verdict: Verdict, endMs: number): Verdict {
  const own = verdict.validUntil;
  if (own !== undefined && Date.parse(own) <= endMs) return verdict;
  return { ...verdict, validUntil: new Date(endMs).toISOString() };
}

/**
 * When the reconciler next looks at a VERIFIED verdict (its byReview index key): the earlier of its
 * freshness review (`validity.reviewAt`) and its seal's renewal (`resealAt`); undefined for others.
 */
export function nextReviewOf(verdict: Verdict): string | undefined {
  if (verdict.status !== 'VERIFIED') return undefined;
  const times = [verdict.validity?.reviewAt, verdict.resealAt].filter((t) => t !== undefined);
  return times.length === 0 ? undefined : times.reduce((a, b) => (Date.parse(b) < Date.parse(a) ? b : a));
}
