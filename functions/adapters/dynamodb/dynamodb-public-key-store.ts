import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { InvalidInputError, UpstreamError } from '../../core/errors';
import type { PublicKeyStore, PublishedPublicKey } from '../../core/ports/public-key-store';
import { parsePublicKey } from '../../core/signing/public-key';
import type { DynamoDbCallListener } from './call-counter';
import { CountedCalls } from './counted-calls';
import { translateDynamoDbError } from './dynamodb-errors';
import { PUBLIC_KEY_ITEM_KEY } from './verdict-table';

export interface DynamoDbPublicKeyStoreOptions {
  /** The SDK client; the store never destroys it. */
  readonly client: DynamoDBClient;
  /** The verdict table: the key is one item in it (`pk = KEY#signing`, `sk = PUBLIC_KEY`). */
  readonly tableName: string;
  /** The clock for `updatedAt`. */
  readonly now?: () => Date;
  /** Told about every DynamoDB call (see DynamoDbCallCounter). */
  readonly onCall?: DynamoDbCallListener;
}

/**
 * The PublicKeyStore on the verdict table: one item, replaced by each `put` (PutItem), read by each
 * `get` (one GetItem, eventually consistent: the key changes only when the signing key does).
 */
export class DynamoDbPublicKeyStore implements PublicKeyStore {
  private readonly doc: DynamoDBDocumentClient;
  private readonly calls: CountedCalls;
  private readonly tableName: string;
  private readonly now: () => Date;

  constructor(options: DynamoDbPublicKeyStoreOptions) {
    this.doc = DynamoDBDocumentClient.from(options.client);
    this.calls = new CountedCalls(options.onCall);
    this.tableName = options.tableName;
    this.now = options.now ?? (() => new Date());
  }

  /** @throws InvalidInputError when `keyId` is empty or `pem` is not a PEM public key */
  async put(keyId: string, pem: string): Promise<void> {
    if (keyId.length === 0) throw new InvalidInputError('a published public key needs a key id');
    parsePublicKey(pem);
    const Item = {
      ...PUBLIC_KEY_ITEM_KEY,
      itemType: 'PUBLIC_KEY',
      keyId,
      pem,
      updatedAt: this.now().toISOString(),
    };
    await this.calls
      .write('PutItem', 1, () => this.doc.send(new PutCommand({ TableName: this.tableName, Item })))
      .catch((error: unknown) => {
        throw translateDynamoDbError(error, 'publishing the public key');
      });
  }

  /** @throws UpstreamError when the stored item is malformed or DynamoDB fails */
  async get(): Promise<PublishedPublicKey | undefined> {
    const out = await this.calls
      .read(
        'GetItem',
        (o) => (o.Item ? 1 : 0),
        () => this.doc.send(new GetCommand({ TableName: this.tableName, Key: PUBLIC_KEY_ITEM_KEY })),
      )
      .catch((error: unknown) => {
        throw translateDynamoDbError(error, 'reading the public key');
      });
    if (out.Item === undefined) return undefined;
    const { keyId, pem } = out.Item;
    if (typeof keyId !== 'string' || typeof pem !== 'string') {
      throw new UpstreamError('the published public key item is malformed');
    }
    return { keyId, pem };
  }
}
