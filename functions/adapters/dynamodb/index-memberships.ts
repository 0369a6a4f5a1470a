import { type DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { isDigest } from '../../core/oci/digest';
import type { VerdictKey } from '../../core/verdict/verdict';
import type { IndexMember } from '../../core/verdict/verdict-store';
import type { CountedCalls } from './counted-calls';
import { translateDynamoDbError } from './dynamodb-errors';
import { queryPages } from './query-pages';
import { imagePk, INDEX_SK_PREFIX, PLATFORM_SK_PREFIX } from './verdict-table';

/** Where the membership items live and how calls are counted. */
export interface MembershipTable {
  readonly doc: DynamoDBDocumentClient;
  readonly tableName: string;
  readonly calls: CountedCalls;
}

/**
 * Writes the membership items of an index, both ways: `(platform, INDEX#index)` so that a platform's
 * decision finds the indexes to re-derive, and `(index, PLATFORM#platform)` so that a revocation of the
 * index by hand finds its platforms. Plain puts: writing them again changes nothing.
 */
export async function putMemberships(
  table: MembershipTable,
  index: VerdictKey,
  members: readonly IndexMember[],
): Promise<void> {
  const items = members.flatMap((m) => [
    { pk: imagePk({ ...index, digest: m.digest }), sk: `${INDEX_SK_PREFIX}${index.digest}` },
    { pk: imagePk(index), sk: `${PLATFORM_SK_PREFIX}${m.digest}`, platform: m.platform },
  ]);
  await Promise.all(
    items.map((item) =>
      table.calls
        .write('PutItem', 1, () =>
          table.doc.send(
            new PutCommand({ TableName: table.tableName, Item: { ...item, itemType: 'MEMBERSHIP' } }),
          ),
        )
        .catch((error: unknown) => {
          throw translateDynamoDbError(error, `recording the platforms of ${imagePk(index)}`);
        }),
    ),
  );
}

/** The digests behind one sort key prefix of one image's partition, with the items. */
export async function queryMemberships(
  table: MembershipTable,
  key: VerdictKey,
  prefix: string,
): Promise<{ digest: string; item: Record<string, unknown> }[]> {
  const pk = imagePk(key);
  const found: { digest: string; item: Record<string, unknown> }[] = [];
  await queryPages(
    table,
    `reading the memberships of ${pk}`,
    () => ({
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': pk, ':prefix': prefix },
      ConsistentRead: true,
    }),
    (items) => {
      for (const item of items) {
        const digest = String(item.sk).slice(prefix.length);
        if (isDigest(digest)) found.push({ digest, item });
      }
      return false;
    },
  );
  return found;
}
