import { InvalidInputError } from '../errors';
import { isDigest } from '../oci/digest';
import type { KeptTag } from './kept-tags';
import type { LatestEvents } from './verdict-event';
import type {
  VerdictReason,
  VerdictScan,
  VerdictSeal,
  VerdictSignature,
  VerdictValidity,
} from './verdict-parts';

export type {
  SignatureArtifact,
  SignatureArtifactKind,
  VerdictReason,
  VerdictScan,
  VerdictSeal,
  VerdictSignature,
  VerdictValidity,
} from './verdict-parts';

/** Every status a verdict can have. Only VERIFIED lets an image run. */
export const VERDICT_STATUSES = ['PENDING', 'VERIFIED', 'REJECTED', 'REVOKED', 'DELETED'] as const;
export type VerdictStatus = (typeof VERDICT_STATUSES)[number];

/** Names the image a verdict is about: one digest in one repository of one registry. */
export interface VerdictKey {
  readonly registry: string;
  readonly repository: string;
  /** `sha256:` and 64 lower-case hex characters. */
  readonly digest: string;
}

/**
 * What image-trust knows and decided about one image digest. The visible fields (status, reasons,
 * decidedAt, policyVersion, scan, signature, lastEventAt) are derived from `latestEvents`, `tags` and
 * `firstSeenAt` by the state machine (state-machine.ts), so that the verdict depends only on which
 * events arrived, not on their order.
 */
export interface Verdict extends VerdictKey {
  readonly status: VerdictStatus;
  /** Why: the evaluation's reasons, the revocation's, or a deletion note; empty while PENDING. */
  readonly reasons: readonly VerdictReason[];
  /** policyVersion, scan and signature come from the newest Evaluated event; absent while PENDING. */
  readonly policyVersion?: string;
  readonly scan?: VerdictScan;
  readonly signature?: VerdictSignature;
  /**
   * A VERIFIED verdict allows until this instant, then lookups deny even before the reconciler runs
   * (the earliest of the stale grace's end with onStale reject and an exception the pass relies on).
   */
  readonly validUntil?: string;
  /** A VERIFIED verdict's freshness: staleAt, graceEndsAt, onStale, what expires, the next review. */
  readonly validity?: VerdictValidity;
  /**
   * The digest's newest tags, newest last: at most MAX_KEPT_TAGS (kept-tags.ts), less those removed since.
   * Tags move, so this is history, not identity.
   */
  readonly tags: readonly string[];
  /** How many distinct tags were seen (a tag counted again if it dropped out of `keptTags` and came back). */
  readonly tagCount?: number;
  /** The state `tags` is derived from: the newest tags and removals, bounded. */
  readonly keptTags?: readonly KeptTag[];
  /** The time of the oldest event received about this digest. */
  readonly firstSeenAt: string;
  /** When the verdict last changed (the store's clock). */
  readonly updatedAt: string;
  /** The time of the event that decided the current status; absent while PENDING. */
  readonly decidedAt?: string;
  /** 1 for the first write, then +1 per change: the optimistic-locking version. */
  readonly version: number;
  /** The time of the newest event received (any kind): the ordering horizon. */
  readonly lastEventAt: string;
  /** The newest event of each kind: the state the verdict is derived from. */
  readonly latestEvents: LatestEvents;
  /**
   * The signer's seal over a VERIFIED verdict's key, status, policy version and `validUntil`
   * (verdict-seal.ts): a lookup allows only a VERIFIED verdict whose seal verifies. Absent otherwise.
   */
  readonly seal?: VerdictSeal;
  /**
   * When a sealed VERIFIED verdict is due for a new seal (sealedAt + half the seal lifetime): a byReview
   * index key, so that the reconciler hands it to the signer well before the seal's `validUntil`.
   */
  readonly resealAt?: string;
}

/**
 * Checks that a key names an image by digest.
 *
 * @throws InvalidInputError when the registry or repository is empty or contains `@`, or the digest is
 *   not `sha256:` and 64 lower-case hex characters.
 */
export function assertVerdictKey(key: VerdictKey): void {
  for (const part of ['registry', 'repository'] as const) {
    const value: unknown = key[part];
    if (typeof value !== 'string' || value.length === 0 || value.includes('@')) {
      throw new InvalidInputError(`verdict key: ${part} must be a non-empty string without '@'`);
    }
  }
  if (!isDigest(key.digest)) {
    throw new InvalidInputError(`verdict key: digest must be sha256: and 64 lower-case hex characters`);
  }
}

/** Whether two keys name the same image. */
export function sameKey(a: VerdictKey, b: VerdictKey): boolean {
  return a.registry === b.registry && a.repository === b.repository && a.digest === b.digest;
}
