import { marshall, unmarshall, type NativeAttributeValue } from '@aws-sdk/util-dynamodb';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { AwsJsonClient, type AwsCredentials } from '../aws-http/aws-json-client';
import type { DynamoDbCallListener } from './call-counter';
import { CountedCalls } from './counted-calls';
import { translateDynamoDbError } from './dynamodb-errors';
import type { Item } from './verdict-items';
import type { TableKey } from './verdict-table';

export interface HttpDynamoDbOptions {
  readonly region: string;
  /** Default: DynamoDB's regional endpoint. */
  readonly endpoint?: string;
  /** Default: the environment's (Lambda's). */
  readonly credentials?: AwsCredentials;
  /** How long one call may take; the lookup gives up within its own budget anyway. */
  readonly requestTimeoutMs: number;
  /** Told about every DynamoDB call (see DynamoDbCallCounter). */
  readonly onCall?: DynamoDbCallListener;
}

type Wire = Record<string, AttributeValue>;

/**
 * The few DynamoDB operations the lookup functions use (GetItem, BatchGetItem, a conditional PutItem),
 * over AwsJsonClient, with items (un)marshalled as the DocumentClient does (`@aws-sdk/util-dynamodb`,
 * undefined values removed). Failures come out as image-trust errors (translateDynamoDbError), as
 * from the SDK-based stores.
 */
export class HttpDynamoDb {
  readonly calls: CountedCalls;
  private readonly client: AwsJsonClient;

  constructor(options: HttpDynamoDbOptions) {
    this.calls = new CountedCalls(options.onCall);
    this.client = new AwsJsonClient({
      service: 'dynamodb',
      targetPrefix: 'DynamoDB_20120810',
      jsonVersion: '1.0',
      region: options.region,
      requestTimeoutMs: options.requestTimeoutMs,
      ...(options.endpoint === undefined ? {} : { endpoint: options.endpoint }),
      ...(options.credentials === undefined ? {} : { credentials: options.credentials }),
    });
  }

  /** One GetItem: the item, or undefined. */
  async getItem(
    tableName: string,
    key: TableKey,
    consistent: boolean,
    what: string,
  ): Promise<Item | undefined> {
    const out = await this.calls
      .read(
        'GetItem',
        (o) => (o.Item ? 1 : 0),
        () =>
          this.client.call<{ Item?: Wire }>('GetItem', {
            TableName: tableName,
            Key: toWire(key),
            ConsistentRead: consistent,
          }),
      )
      .catch((error: unknown) => {
        throw translateDynamoDbError(error, what);
      });
    return out.Item === undefined ? undefined : unmarshall(out.Item);
  }

  /** One BatchGetItem of up to 100 keys: the items found and the keys DynamoDB left unprocessed. */
  async batchGetItem(
    tableName: string,
    keys: readonly TableKey[],
    consistent: boolean,
    what: string,
  ): Promise<{ items: Item[]; unprocessed: TableKey[] }> {
    type Out = {
      Responses?: Record<string, Wire[]>;
      UnprocessedKeys?: Record<string, { Keys?: Wire[] }>;
    };
    const out = await this.calls
      .read(
        'BatchGetItem',
        (o: Out) => o.Responses?.[tableName]?.length ?? 0,
        () =>
          this.client.call<Out>('BatchGetItem', {
            RequestItems: { [tableName]: { Keys: keys.map(toWire), ConsistentRead: consistent } },
          }),
      )
      .catch((error: unknown) => {
        throw translateDynamoDbError(error, what);
      });
    return {
      items: (out.Responses?.[tableName] ?? []).map((i) => unmarshall(i)),
      unprocessed: (out.UnprocessedKeys?.[tableName]?.Keys ?? []).map((k) => {
        const key = unmarshall(k);
        return { pk: String(key.pk), sk: String(key.sk) };
      }),
    };
  }

  /** One PutItem, under `condition` (a failed one is a ConflictError). */
  async putItem(tableName: string, item: Item, condition: string, what: string): Promise<void> {
    await this.calls
      .write('PutItem', 1, () =>
        this.client.call('PutItem', {
          TableName: tableName,
          Item: toWire(item),
          ConditionExpression: condition,
        }),
      )
      .catch((error: unknown) => {
        throw translateDynamoDbError(error, what);
      });
  }
}

function toWire(item: Record<string, NativeAttributeValue>): Wire {
  return marshall(item, { removeUndefinedValues: true });
}
