import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { InvalidInputError } from '../../core/errors';
import {
  KEY_STATES,
  type PublicKeyStore,
  type PublishedKey,
  type PublishedPublicKey,
} from '../../core/ports/public-key-store';
import { parsePublicKey } from '../../core/signing/public-key';
import type { DynamoDbCallListener } from './call-counter';
import { CountedCalls } from './counted-calls';
import { translateDynamoDbError } from './dynamodb-errors';
import { keySetFromItem, publishedKeyFromItem } from './public-key-items';
import { KEY_SET_ITEM_KEY, PUBLIC_KEY_ITEM_KEY } from './verdict-table';

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
 * The PublicKeyStore on the verdict table: one item for the active key, replaced by each `put`
 * (PutItem), read by each `get`; one item for the key set (`putSet`, `list`). Reads are one GetItem,
 * eventually consistent: the keys change only when the deployment's key set does.
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
    return out.Item === undefined ? undefined : publishedKeyFromItem(out.Item);
  }

  /** @throws InvalidInputError when a key has no id, a bad state or a PEM that is not a public key */
  async putSet(keys: readonly PublishedKey[]): Promise<void> {
    for (const key of keys) {
      if (key.keyId.length === 0) throw new InvalidInputError('a published key needs a key id');
      if (!KEY_STATES.includes(key.state)) throw new InvalidInputError(`unknown key state ${key.state}`);
      parsePublicKey(key.pem);
    }
    const Item = {
      ...KEY_SET_ITEM_KEY,
      itemType: 'KEY_SET',
      keys: keys.map(({ keyId, state, pem, fingerprint }) => ({ keyId, state, pem, fingerprint })),
      updatedAt: this.now().toISOString(),
    };
    await this.calls
      .write('PutItem', 1, () => this.doc.send(new PutCommand({ TableName: this.tableName, Item })))
      .catch((error: unknown) => {
        throw translateDynamoDbError(error, 'publishing the key set');
      });
  }

  /** @throws UpstreamError when the stored item is malformed or DynamoDB fails */
  async list(): Promise<readonly PublishedKey[] | undefined> {
    const out = await this.calls
      .read(
        'GetItem',
        (o) => (o.Item ? 1 : 0),
        () => this.doc.send(new GetCommand({ TableName: this.tableName, Key: KEY_SET_ITEM_KEY })),
      )
      .catch((error: unknown) => {
        throw translateDynamoDbError(error, 'reading the key set');
      });
    return out.Item === undefined ? undefined : keySetFromItem(out.Item);
  }
}
