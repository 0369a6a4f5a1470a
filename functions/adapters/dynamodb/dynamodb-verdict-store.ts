import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
} from '@aws-sdk/lib-dynamodb';
import { ConflictError, InvalidInputError } from '../../core/errors';
import { nextVerdict } from '../../core/verdict/state-machine';
import { normalizeTime, validateEvent } from '../../core/verdict/validate-event';
import type { Verdict, VerdictKey, VerdictStatus } from '../../core/verdict/verdict';
import type { VerdictEvent } from '../../core/verdict/verdict-event';
import type {
  ApplyResult,
  GetVerdictOptions,
  VerdictHistoryEntry,
  VerdictStore,
} from '../../core/verdict/verdict-store';
import { batchGetVerdicts } from './batch-get-verdicts';
import type { DynamoDbCallListener } from './call-counter';
import { CountedCalls } from './counted-calls';
import { isLostRace, translateDynamoDbError } from './dynamodb-errors';
import { fromHistoryItem, fromVerdictItem, toHistoryItem, toVerdictItem } from './verdict-items';
import { SigningLeases } from './signing-leases';
import { HISTORY_SK_PREFIX, imagePk, VERDICT_SK, VERDICT_TABLE } from './verdict-table';

export interface DynamoDbVerdictStoreOptions {
  /** The SDK client (endpoint, region, retries are its business); the store never destroys it. */
  readonly client: DynamoDBClient;
  readonly tableName: string;
  /** The clock for `updatedAt`, history times and lease expiry. */
  readonly now?: () => Date;
  /** How often one `apply` may read and try its conditional write before a ConflictError (default 8). */
  readonly maxAttempts?: number;
  /** How long history entries are kept before DynamoDB's TTL removes them (default 400 days). */
  readonly historyTtlDays?: number;
  /** Told about every DynamoDB call (see DynamoDbCallCounter). */
  readonly onCall?: DynamoDbCallListener;
  /** BatchGetItem calls per chunk of `getMany` while DynamoDB leaves keys unprocessed (default 5). */
  readonly maxBatchAttempts?: number;
}

/**
 * The VerdictStore on one DynamoDB table (verdict-table.ts). A change writes the verdict and its history
 * entry in one TransactWriteItems, conditional on the version read (`attribute_not_exists(pk) OR
 * version = :expected`): a lost race reads again and retries. DynamoDB Local has no
 * ReturnValuesOnConditionCheckFailure, so the retry always reads with a consistent GetItem.
 */
export class DynamoDbVerdictStore implements VerdictStore {
  private readonly doc: DynamoDBDocumentClient;
  private readonly calls: CountedCalls;
  private readonly tableName: string;
  private readonly now: () => Date;
  private readonly maxAttempts: number;
  private readonly historyTtlDays: number;
  private readonly maxBatchAttempts: number;
  private readonly leases: SigningLeases;

  constructor(options: DynamoDbVerdictStoreOptions) {
    this.doc = DynamoDBDocumentClient.from(options.client, {
      marshallOptions: { removeUndefinedValues: true },
    });
    this.calls = new CountedCalls(options.onCall);
    this.tableName = options.tableName;
    this.now = options.now ?? (() => new Date());
    this.maxAttempts = Math.max(1, options.maxAttempts ?? 8);
    this.historyTtlDays = options.historyTtlDays ?? 400;
    this.maxBatchAttempts = Math.max(1, options.maxBatchAttempts ?? 5);
    this.leases = new SigningLeases(this.doc, this.tableName, this.calls, this.now);
  }

  async get(key: VerdictKey, options: GetVerdictOptions = {}): Promise<Verdict | undefined> {
    const Key = { pk: imagePk(key), sk: VERDICT_SK };
    const out = await this.calls
      .read(
        'GetItem',
        (o) => (o.Item ? 1 : 0),
        () =>
          this.doc.send(
            new GetCommand({ TableName: this.tableName, Key, ConsistentRead: options.consistent ?? true }),
          ),
      )
      .catch((error: unknown) => {
        throw translateDynamoDbError(error, `reading the verdict of ${Key.pk}`);
      });
    return out.Item ? fromVerdictItem(out.Item) : undefined;
  }

  async getMany(
    keys: readonly VerdictKey[],
    options: GetVerdictOptions = {},
  ): Promise<readonly (Verdict | undefined)[]> {
    if (keys.length === 0) return [];
    return batchGetVerdicts(this.doc, this.tableName, this.calls, keys, {
      consistent: options.consistent ?? true,
      maxAttempts: this.maxBatchAttempts,
      baseDelayMs: 20,
    });
  }

  async apply(key: VerdictKey, event: VerdictEvent): Promise<ApplyResult> {
    validateEvent(event); // an invalid event costs no read
    for (let attempt = 1; ; attempt++) {
      const current = await this.get(key, { consistent: true });
      const step = nextVerdict(current, event, { key, now: this.now().toISOString() });
      if (!step.changed) return { verdict: step.verdict, changed: false };
      try {
        await this.writeChange(step.verdict, current, step.event);
        return { verdict: step.verdict, changed: true };
      } catch (error) {
        const what = `writing version ${step.verdict.version} of ${imagePk(key)}`;
        if (!isLostRace(error)) throw translateDynamoDbError(error, what);
        if (attempt >= this.maxAttempts) {
          throw new ConflictError(`${what}: lost the race ${attempt} times`, {
            cause: error,
            retryable: true,
          });
        }
        await sleep(Math.random() * Math.min(250, 10 * 2 ** attempt));
      }
    }
  }

  async listByStatus(status: VerdictStatus, olderThan?: string, limit = 100): Promise<readonly Verdict[]> {
    assertLimit(limit);
    const index = VERDICT_TABLE.statusIndex;
    const values: Record<string, string> = { ':pk': `STATUS#${status}` };
    if (olderThan !== undefined) values[':before'] = normalizeTime(olderThan, 'olderThan');
    const verdicts: Verdict[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const out = await this.calls
        .read(
          'Query',
          (o) => o.Items?.length ?? 0,
          () =>
            this.doc.send(
              new QueryCommand({
                TableName: this.tableName,
                IndexName: index.indexName,
                KeyConditionExpression: `gsi1pk = :pk${olderThan === undefined ? '' : ' AND gsi1sk < :before'}`,
                ExpressionAttributeValues: values,
                Limit: limit - verdicts.length,
                ExclusiveStartKey: start,
              }),
            ),
        )
        .catch((error: unknown) => {
          throw translateDynamoDbError(error, `listing ${status} verdicts`);
        });
      verdicts.push(...(out.Items ?? []).map(fromVerdictItem));
      start = out.LastEvaluatedKey;
    } while (start !== undefined && verdicts.length < limit);
    return verdicts;
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

  acquireSigningLease(key: VerdictKey, owner: string, ttlMs: number): Promise<boolean> {
    return this.leases.acquire(key, owner, ttlMs);
  }

  releaseSigningLease(key: VerdictKey, owner: string): Promise<boolean> {
    return this.leases.release(key, owner);
  }

  private async writeChange(
    verdict: Verdict,
    current: Verdict | undefined,
    event: VerdictEvent,
  ): Promise<void> {
    const history = toHistoryItem(verdict, event, current?.status, this.historyTtlDays);
    const transaction = new TransactWriteCommand({
      TransactItems: [
        {
          Put: {
            TableName: this.tableName,
            Item: toVerdictItem(verdict),
            ConditionExpression: 'attribute_not_exists(pk) OR #version = :expected',
            ExpressionAttributeNames: { '#version': 'version' },
            ExpressionAttributeValues: { ':expected': current?.version ?? 0 },
          },
        },
        {
          Put: { TableName: this.tableName, Item: history, ConditionExpression: 'attribute_not_exists(pk)' },
        },
      ],
    });
    await this.calls.write('TransactWriteItems', 2, () => this.doc.send(transaction));
  }
}

function assertLimit(limit: number): void {
  if (!Number.isInteger(limit) || limit < 1)
    throw new InvalidInputError(`limit must be a positive integer, got ${limit}`);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
