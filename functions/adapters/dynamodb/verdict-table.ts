import {
  assertVerdictKey,
  type Verdict,
  type VerdictKey,
  type VerdictStatus,
} from '../../core/verdict/verdict';
import { nextReviewOf } from '../../core/verdict/seal-step';

/**
 * The verdict table, as data, so that `createVerdictTable` (tests, local mode) and the CDK construct
 * declare the same schema. Field names follow CDK's TableV2 props: `AttributeType.STRING` is `'S'`,
 * `ProjectionType.ALL` is `'ALL'`.
 *
 * Single-table design, all keys strings:
 * - verdict: `pk = IMAGE#<registry>/<repository>@<digest>`, `sk = VERDICT` (one GetItem answers a lookup)
 * - history: same `pk`, `sk = HISTORY#<recorded ISO time>#<version, 10 digits>`, with `ttl`
 * - signing lease: same `pk`, `sk = LEASE`, with `ttl` (clean-up only; expiry is `expiresAt`)
 * - index membership: `pk` of the platform, `sk = INDEX#<index digest>`; and `pk` of the index,
 *   `sk = PLATFORM#<platform digest>` with its `platform` (os/arch): both ways, written with the index
 * - break-glass use: `pk = BREAK_GLASS`, `sk = HISTORY#<ISO time>#<AdmissionReview uid>`, with `ttl`
 *   (the lookup function's only write, limited to this partition by IAM)
 * - published public key (one item): `pk = KEY#signing`, `sk = PUBLIC_KEY` (see PUBLIC_KEY_ITEM_KEY)
 * - published key set (one item, every key with id, state, PEM): `pk = KEY#signing`, `sk = KEY_SET`
 * - discovery cursor (one per registry): `pk = DISCOVERY#<registry>`, `sk = CURSOR`
 * - GSI `byStatus` on verdict items only (sparse): `gsi1pk = STATUS#<status>`, `gsi1sk = <updatedAt>`
 * - GSI `byReview` on VERIFIED verdicts with a validity only (sparse): `gsi2pk = REVIEW`,
 *   `gsi2sk = <the time the reconciler next looks>` (freshness: stale, rescan, grace, expiry)
 */
export const VERDICT_TABLE = {
  partitionKey: { name: 'pk', type: 'S' },
  sortKey: { name: 'sk', type: 'S' },
  billingMode: 'PAY_PER_REQUEST',
  timeToLiveAttribute: 'ttl',
  statusIndex: {
    indexName: 'byStatus',
    partitionKey: { name: 'gsi1pk', type: 'S' },
    sortKey: { name: 'gsi1sk', type: 'S' },
    projectionType: 'ALL',
  },
  reviewIndex: {
    indexName: 'byReview',
    partitionKey: { name: 'gsi2pk', type: 'S' },
    sortKey: { name: 'gsi2sk', type: 'S' },
    projectionType: 'ALL',
  },
} as const;

/** The one partition of the byReview index. */
export const REVIEW_PK = 'REVIEW';

/** What kind of item a row is (the `itemType` attribute). */
export type ItemType =
  | 'VERDICT'
  | 'HISTORY'
  | 'LEASE'
  | 'PUBLIC_KEY'
  | 'KEY_SET'
  | 'MEMBERSHIP'
  | 'BREAK_GLASS'
  | 'DISCOVERY_CURSOR';

/** A primary key of the verdict table. */
export interface TableKey {
  readonly pk: string;
  readonly sk: string;
}

export const VERDICT_SK = 'VERDICT';
/** The one item holding the signing key's public half (written by the signer, read by the API). */
export const PUBLIC_KEY_ITEM_KEY: TableKey = { pk: 'KEY#signing', sk: 'PUBLIC_KEY' };
/** The one item holding the whole key set: the active key and those still or no longer trusted. */
export const KEY_SET_ITEM_KEY: TableKey = { pk: 'KEY#signing', sk: 'KEY_SET' };
export const LEASE_SK = 'LEASE';
export const HISTORY_SK_PREFIX = 'HISTORY#';
/** Sort key prefixes of index membership items (on the platform's and on the index's partition). */
export const INDEX_SK_PREFIX = 'INDEX#';
export const PLATFORM_SK_PREFIX = 'PLATFORM#';
/** The one partition holding break-glass uses (see DynamoDbBreakGlassLog). */
export const BREAK_GLASS_PK = 'BREAK_GLASS';

/**
 * The key of an image's verdict item: the lookup API reads exactly this, in one GetItem.
 *
 * @throws InvalidInputError when the parts do not name an image by digest
 */
export function verdictKey(registry: string, repository: string, digest: string): TableKey {
  return { pk: imagePk({ registry, repository, digest }), sk: VERDICT_SK };
}

/** The partition key every item of one image shares. */
export function imagePk(key: VerdictKey): string {
  assertVerdictKey(key);
  return `IMAGE#${key.registry}/${key.repository}@${key.digest}`;
}

/** The sort key of one history entry: ordered by recording time, then version. */
export function historySk(recordedAt: string, version: number): string {
  return `${HISTORY_SK_PREFIX}${recordedAt}#${String(version).padStart(10, '0')}`;
}

/** The byStatus index keys of a verdict item. */
export function statusIndexKeys(
  status: VerdictStatus,
  updatedAt: string,
): { gsi1pk: string; gsi1sk: string } {
  return { gsi1pk: `STATUS#${status}`, gsi1sk: updatedAt };
}

/**
 * The byReview index keys of a verdict item: only a VERIFIED verdict with a freshness review or a seal
 * to renew is reviewed, at the earlier of the two (nextReviewOf).
 */
export function reviewIndexKeys(verdict: Verdict): { gsi2pk: string; gsi2sk: string } | undefined {
  const reviewAt = nextReviewOf(verdict);
  return reviewAt !== undefined ? { gsi2pk: REVIEW_PK, gsi2sk: reviewAt } : undefined;
}
