import type { PublicKeyStore, PublishedKey, PublishedPublicKey } from '../../core/ports/public-key-store';
import type { HttpDynamoDb } from './http-dynamodb';
import { keySetFromItem, publishedKeyFromItem } from './public-key-items';
import { KEY_SET_ITEM_KEY, PUBLIC_KEY_ITEM_KEY } from './verdict-table';

/**
 * The published keys as the lookup reads them without the SDK: the items DynamoDbPublicKeyStore
 * writes, one eventually consistent GetItem each. What `GET /v1/public-key(s)` serves; never what
 * seals are checked with (SealKeySource).
 */
export class HttpPublicKeyReader implements Pick<PublicKeyStore, 'get' | 'list'> {
  constructor(
    private readonly db: HttpDynamoDb,
    private readonly tableName: string,
  ) {}

  /** @throws UpstreamError when the stored item is malformed or DynamoDB fails */
  async get(): Promise<PublishedPublicKey | undefined> {
    const item = await this.db.getItem(this.tableName, PUBLIC_KEY_ITEM_KEY, false, 'reading the public key');
    return item === undefined ? undefined : publishedKeyFromItem(item);
  }

  /** @throws UpstreamError when the stored item is malformed or DynamoDB fails */
  async list(): Promise<readonly PublishedKey[] | undefined> {
    const item = await this.db.getItem(this.tableName, KEY_SET_ITEM_KEY, false, 'reading the key set');
    return item === undefined ? undefined : keySetFromItem(item);
  }
}
