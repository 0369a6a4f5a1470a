import { assertVerdictKey, type VerdictKey, type VerdictStatus } from '../../core/verdict/verdict';

/**
 * The verdict table, as data, so that `createVerdictTable` (tests, local mode) and the CDK construct
 * declare the same schema. Field names follow CDK's TableV2 props: `AttributeType.STRING` is `'S'`,
 * `ProjectionType.ALL` is `'ALL'`.
 *
 * Single-table design, all keys strings:
 * - verdict: `pk = IMAGE#<registry>/<repository>@<digest>`, `sk = VERDICT` (one GetItem answers a lookup)
 * - history: same `pk`, `sk = HISTORY#<recorded ISO time>#<version, 10 digits>`, with `ttl`
 * - signing lease: same `pk`, `sk = LEASE`, with `ttl` (clean-up only; expiry is `expiresAt`)
 * - published public key (one item): `pk = KEY#signing`, `sk = PUBLIC_KEY` (see PUBLIC_KEY_ITEM_KEY)
 * - discovery cursor (one per registry): `pk = DISCOVERY#<registry>`, `sk = CURSOR`
 * - GSI `byStatus` on verdict items only (sparse): `gsi1pk = STATUS#<status>`, `gsi1sk = <updatedAt>`
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
} as const;

/** What kind of item a row is (the `itemType` attribute). */
export type ItemType = 'VERDICT' | 'HISTORY' | 'LEASE' | 'PUBLIC_KEY' | 'DISCOVERY_CURSOR';

/** A primary key of the verdict table. */
export interface TableKey {
  readonly pk: string;
  readonly sk: string;
}

export const VERDICT_SK = 'VERDICT';
/** The one item holding the signing key's public half (written by the signer, read by the API). */
export const PUBLIC_KEY_ITEM_KEY: TableKey = { pk: 'KEY#signing', sk: 'PUBLIC_KEY' };
export const LEASE_SK = 'LEASE';
export const HISTORY_SK_PREFIX = 'HISTORY#';

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
