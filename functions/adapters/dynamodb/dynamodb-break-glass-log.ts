import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { UpstreamError } from '../../core/errors';
import type { BreakGlassLog, BreakGlassUse } from '../../core/ports/break-glass-log';
import { NEVER_OVERWRITE, toBreakGlassItem } from './break-glass-items';
import { translateDynamoDbError } from './dynamodb-errors';
import { BREAK_GLASS_PK, HISTORY_SK_PREFIX } from './verdict-table';

export interface DynamoDbBreakGlassLogOptions {
  /** The SDK client; the log never destroys it. */
  readonly client: DynamoDBClient;
  /** The verdict table (break-glass uses are history items beside the verdicts). */
  readonly tableName: string;
  /** How long a use is kept before DynamoDB's TTL removes it (default 400 days, as verdict history). */
  readonly ttlDays?: number;
}

/**
 * Break-glass uses in the verdict table's history: one item per use, all in one partition
 * (`pk = BREAK_GLASS`, `sk = HISTORY#<at>#<uid>`, `itemType = BREAK_GLASS`), written with one
 * PutItem that never overwrites (`attribute_not_exists(pk)`). The lookup function may write only that
 * partition (IAM `dynamodb:LeadingKeys`); the admin function lists it with one Query.
 */
export class DynamoDbBreakGlassLog implements BreakGlassLog {
  private readonly doc: DynamoDBDocumentClient;
  private readonly tableName: string;
  private readonly ttlDays: number;

  constructor(options: DynamoDbBreakGlassLogOptions) {
    this.doc = DynamoDBDocumentClient.from(options.client);
    this.tableName = options.tableName;
    this.ttlDays = options.ttlDays ?? 400;
  }

  async record(use: BreakGlassUse): Promise<void> {
    const Item = toBreakGlassItem(use, this.ttlDays);
    try {
      await this.doc.send(
        new PutCommand({ TableName: this.tableName, Item, ConditionExpression: NEVER_OVERWRITE }),
      );
    } catch (error) {
      throw translateDynamoDbError(error, 'recording a break-glass use');
    }
  }

  async list(limit = 100): Promise<readonly BreakGlassUse[]> {
    const out = await this.doc
      .send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
          ExpressionAttributeValues: { ':pk': BREAK_GLASS_PK, ':prefix': HISTORY_SK_PREFIX },
          ScanIndexForward: false,
          Limit: limit,
        }),
      )
      .catch((error: unknown) => {
        throw translateDynamoDbError(error, 'listing break-glass uses');
      });
    return (out.Items ?? []).map(fromItem);
  }
}

function fromItem(item: Record<string, unknown>): BreakGlassUse {
  const text = (name: string): string => {
    const value = item[name];
    if (typeof value !== 'string')
      throw new UpstreamError(`break-glass item ${String(item.sk)} has no ${name}`);
    return value;
  };
  const images = Array.isArray(item.images) ? (item.images as { image?: unknown; status?: unknown }[]) : [];
  return {
    user: text('user'),
    namespace: text('namespace'),
    kind: text('kind'),
    name: text('name'),
    operation: text('operation'),
    images: images.map((i) => ({ image: String(i.image), status: String(i.status) })),
    reason: text('reason'),
    at: text('at'),
    uid: text('uid'),
  };
}
