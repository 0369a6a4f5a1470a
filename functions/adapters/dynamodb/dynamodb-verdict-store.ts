import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
} from '@aws-sdk/lib-dynamodb';
import { InvalidInputError } from '../../core/errors';
import { normalizeTime } from '../../core/verdict/validate-event';
import type { Verdict, VerdictKey, VerdictStatus } from '../../core/verdict/verdict';
import type {
  ConditionalPutResult,
  GetVerdictOptions,
  IndexMember,
  PutIfVersionOptions,
  VerdictHistoryEntry,
  VerdictStore,
} from '../../core/verdict/verdict-store';
import { batchGetVerdicts, type BatchGetCall, type BatchGetOptions } from './batch-get-verdicts';
import { coalescedVerdictReads, type VerdictItemRead } from './coalesced-verdict-reads';
import type { DynamoDbCallListener } from './call-counter';
import { CountedCalls } from './counted-calls';
import { isLostRace, translateDynamoDbError } from './dynamodb-errors';
import {
  fromHistoryItem,
  fromVerdictItem,
  MalformedVerdictItemError,
  type DroppedSealNotice,
  toHistoryItem,
  toVerdictItem,
  wellFormedVerdicts,
} from './verdict-items';
import { putMemberships, queryMemberships, type MembershipTable } from './index-memberships';
import {
  HISTORY_SK_PREFIX,
  imagePk,
  INDEX_SK_PREFIX,
  PLATFORM_SK_PREFIX,
  VERDICT_SK,
  VERDICT_TABLE,
} from './verdict-table';
import { listDueForReview, postponeReview } from './verdict-reviews';
import { putVerdict } from './put-verdict';
import { queryPages } from './query-pages';

export interface DynamoDbVerdictStoreOptions {
  /** The SDK client (endpoint, region, retries are its business); the store never destroys it. */
  readonly client: DynamoDBClient;
  readonly tableName: string;
  /** How long history entries are kept before DynamoDB's TTL removes them (default 400 days). */
  readonly historyTtlDays?: number;
  /** Told about every DynamoDB call (see DynamoDbCallCounter). */
  readonly onCall?: DynamoDbCallListener;
  /** BatchGetItem calls per chunk of `getMany` while DynamoDB leaves keys unprocessed (default 5). */
  readonly maxBatchAttempts?: number;
  /**
   * Told about every verdict item refused as malformed (it lacks a verdict's fields or names another
   * image than its key): the runtime logs it. `get` and `getMany` then fail (a denial); `list` skips it.
   */
  readonly onRefusedItem?: (refused: MalformedVerdictItemError) => void;
  /** Told the key of every verdict item read whose malformed seal was dropped (read as unsealed). */
  readonly onDroppedSeal?: DroppedSealNotice;
  /**
   * Strongly consistent `get`s asked for in the same turn of the event loop go out as one BatchGetItem
   * (coalesced-verdict-reads.ts): for a worker that runs many records at once. Default false.
   */
  readonly coalesceReads?: boolean;
}

/**
 * The VerdictStore on one DynamoDB table (verdict-table.ts). `putIfVersion` writes the verdict and its
 * history entry in one TransactWriteItems, conditional on the expected version (`attribute_not_exists(pk)
 * OR version = :expected`); a failed condition is a lost race, returned for the core's `recordVerdict` to
 * retry. DynamoDB Local has no ReturnValuesOnConditionCheckFailure, so the engine reads again with `get`.
 */
export class DynamoDbVerdictStore implements VerdictStore {
  readonly doc: DynamoDBDocumentClient;
  readonly calls: CountedCalls;
  readonly tableName: string;
  private readonly historyTtlDays: number;
  private readonly maxBatchAttempts: number;
  private readonly onRefusedItem: (refused: MalformedVerdictItemError) => void;
  private readonly onDroppedSeal: DroppedSealNotice | undefined;
  private readonly coalesced: VerdictItemRead | undefined;

  constructor(options: DynamoDbVerdictStoreOptions) {
    this.doc = DynamoDBDocumentClient.from(options.client, {
      marshallOptions: { removeUndefinedValues: true },
    });
    this.calls = new CountedCalls(options.onCall);
    this.tableName = options.tableName;
    this.historyTtlDays = options.historyTtlDays ?? 400;
    this.maxBatchAttempts = Math.max(1, options.maxBatchAttempts ?? 5);
    this.onRefusedItem = options.onRefusedItem ?? (() => undefined);
    this.onDroppedSeal = options.onDroppedSeal;
    this.coalesced =
      options.coalesceReads === true
        ? coalescedVerdictReads(this.batchGetCall(true), this.batchOptions())
        : undefined;
  }

  async get(key: VerdictKey, options: GetVerdictOptions = {}): Promise<Verdict | undefined> {
    const Key = { pk: imagePk(key), sk: VERDICT_SK };
    const consistent = options.consistent ?? true;
    if (this.coalesced !== undefined && consistent) {
      const item = await this.coalesced(Key.pk);
      return item ? this.told(() => fromVerdictItem(item, this.onDroppedSeal)) : undefined;
    }
    const out = await this.calls
      .read(
        'GetItem',
        (o) => (o.Item ? 1 : 0),
        () => this.doc.send(new GetCommand({ TableName: this.tableName, Key, ConsistentRead: consistent })),
      )
      .catch((error: unknown) => {
        throw translateDynamoDbError(error, `reading the verdict of ${Key.pk}`);
      });
    return out.Item ? this.told(() => fromVerdictItem(out.Item!, this.onDroppedSeal)) : undefined;
  }

  async getMany(
    keys: readonly VerdictKey[],
    options: GetVerdictOptions = {},
  ): Promise<readonly (Verdict | undefined)[]> {
    if (keys.length === 0) return [];
    const read = batchGetVerdicts(this.batchGetCall(options.consistent ?? true), keys, this.batchOptions());
    return read.catch((error: unknown) => {
      throw this.tell(error);
    });
  }

  /** One BatchGetItem of up to 100 verdict keys on this table, failures as image-trust errors. */
  private batchGetCall(consistent: boolean): BatchGetCall {
    return async (batch) => {
      const out = await this.calls
        .read(
          'BatchGetItem',
          (o) => o.Responses?.[this.tableName]?.length ?? 0,
          () =>
            this.doc.send(
              new BatchGetCommand({
                RequestItems: { [this.tableName]: { Keys: [...batch], ConsistentRead: consistent } },
              }),
            ),
        )
        .catch((error: unknown) => {
          throw translateDynamoDbError(error, `reading ${batch.length} verdicts`);
        });
      return {
        items: out.Responses?.[this.tableName] ?? [],
        unprocessed: (out.UnprocessedKeys?.[this.tableName]?.Keys ?? []).map((k) => ({
          pk: String(k.pk),
          sk: String(k.sk),
        })),
      };
    };
  }

  private batchOptions(): BatchGetOptions {
    return { maxAttempts: this.maxBatchAttempts, baseDelayMs: 20, onDroppedSeal: this.onDroppedSeal };
  }

  /** Runs `read`; a refused item is told to `onRefusedItem` before its error goes on. */
  private told<T>(read: () => T): T {
    try {
      return read();
    } catch (error) {
      throw this.tell(error);
    }
  }

  private tell(error: unknown): unknown {
    if (error instanceof MalformedVerdictItemError) this.onRefusedItem(error);
    return error;
  }

  async putIfVersion(
    verdict: Verdict,
    entry: VerdictHistoryEntry,
    expectedVersion: number,
    options: PutIfVersionOptions = {},
  ): Promise<ConditionalPutResult> {
    return putVerdict(
      this,
      verdict,
      toHistoryItem(verdict, entry, this.historyTtlDays),
      expectedVersion,
      options,
    );
  }

  async putResealed(verdict: Verdict, expectedVersion: number): Promise<ConditionalPutResult> {
    const put = new PutCommand({
      TableName: this.tableName,
      Item: toVerdictItem(verdict),
      ConditionExpression: '#version = :expected',
      ExpressionAttributeNames: { '#version': 'version' },
      ExpressionAttributeValues: { ':expected': expectedVersion },
    });
    try {
      await this.calls.write('PutItem', 1, () => this.doc.send(put));
      return { written: true };
    } catch (error) {
      if (isLostRace(error)) return { written: false, cause: error };
      throw translateDynamoDbError(error, `re-sealing version ${verdict.version} of ${imagePk(verdict)}`);
    }
  }

  async listByStatus(status: VerdictStatus, olderThan?: string, limit = 100): Promise<readonly Verdict[]> {
    assertLimit(limit);
    const index = VERDICT_TABLE.statusIndex;
    const values: Record<string, string> = { ':pk': `STATUS#${status}` };
    if (olderThan !== undefined) values[':before'] = normalizeTime(olderThan, 'olderThan');
    const verdicts: Verdict[] = [];
    await queryPages(
      this,
      `listing ${status} verdicts`,
      () => ({
        IndexName: index.indexName,
        KeyConditionExpression: `gsi1pk = :pk${olderThan === undefined ? '' : ' AND gsi1sk < :before'}`,
        ExpressionAttributeValues: values,
        Limit: limit - verdicts.length,
      }),
      (items) => {
        verdicts.push(...wellFormedVerdicts(items, this.onRefusedItem, this.onDroppedSeal));
        return verdicts.length >= limit;
      },
    );
    return verdicts;
  }

  listDueForReview(dueBy: string, limit = 100): Promise<readonly Verdict[]> {
    assertLimit(limit);
    return listDueForReview(this, dueBy, limit, this.onRefusedItem);
  }

  postponeReview(key: VerdictKey, expectedVersion: number, reviewAt: string): Promise<boolean> {
    return postponeReview(this, key, expectedVersion, reviewAt);
  }

  async history(key: VerdictKey, limit = 50): Promise<readonly VerdictHistoryEntry[]> {
    assertLimit(limit);
    const pk = imagePk(key);
    const out = await this.calls
      .read(
        'Query',
        (o) => o.Items?.length ?? 0,
        () =>
          this.doc.send(
            new QueryCommand({
              TableName: this.tableName,
              KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
              ExpressionAttributeValues: { ':pk': pk, ':prefix': HISTORY_SK_PREFIX },
              ScanIndexForward: false,
              ConsistentRead: true,
              Limit: limit,
            }),
          ),
      )
      .catch((error: unknown) => {
        throw translateDynamoDbError(error, `reading the history of ${pk}`);
      });
    return (out.Items ?? []).map(fromHistoryItem);
  }

  async putMemberships(index: VerdictKey, members: readonly IndexMember[]): Promise<void> {
    await putMemberships(this.membershipTable(), index, members);
  }

  async indexesOf(platform: VerdictKey): Promise<readonly string[]> {
    const found = await queryMemberships(this.membershipTable(), platform, INDEX_SK_PREFIX);
    return found.map((f) => f.digest);
  }

  async platformsOf(index: VerdictKey): Promise<readonly IndexMember[]> {
    const found = await queryMemberships(this.membershipTable(), index, PLATFORM_SK_PREFIX);
    return found.map((f) => ({ digest: f.digest, platform: String(f.item.platform ?? 'unknown') }));
  }

  private membershipTable(): MembershipTable {
    return { doc: this.doc, tableName: this.tableName, calls: this.calls };
  }
}

function assertLimit(limit: number): void {
  if (!Number.isInteger(limit) || limit < 1)
    throw new InvalidInputError(`limit must be a positive integer, got ${limit}`);
}
