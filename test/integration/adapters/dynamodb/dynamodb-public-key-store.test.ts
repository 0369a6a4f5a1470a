import { generateKeyPairSync } from 'node:crypto';
import { PutCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoDbPublicKeyStore } from '../../../../functions/adapters/dynamodb/dynamodb-public-key-store';
import { KEY_SET_ITEM_KEY } from '../../../../functions/adapters/dynamodb/verdict-table';
import type { PublishedKey } from '../../../../functions/core/ports/public-key-store';
import { shortFingerprint } from '../../../../functions/core/signing/key-set';
import { verdictTableFixture } from './verdict-table-fixture';

const pem = generateKeyPairSync('ec', { namedCurve: 'P-256' })
  .publicKey.export({ format: 'pem', type: 'spki' })
  .toString();
const key: PublishedKey = { keyId: 'alias/a', state: 'active', pem, fingerprint: shortFingerprint(pem) };

describe('DynamoDbPublicKeyStore, the key set item', () => {
  const t = verdictTableFixture();
  const store = () => new DynamoDbPublicKeyStore({ client: t.client, tableName: t.table });

  it('answers undefined before a set is published, then the set as written', async () => {
    expect(await store().list()).toBeUndefined();

    await store().putSet([key]);

    expect(await store().list()).toEqual([key]);
  });

  it('refuses a key without an id, with an unknown state or a PEM that is not a public key', async () => {
    await expect(store().putSet([{ ...key, keyId: '' }])).rejects.toThrow(/needs a key id/);
    await expect(store().putSet([{ ...key, state: 'paused' as 'active' }])).rejects.toThrow(
      /unknown key state paused/,
    );
    await expect(store().putSet([{ ...key, pem: 'not a key' }])).rejects.toThrow(/not a PEM/);
  });

  it('reports a malformed key set item as an upstream failure', async () => {
    const doc = DynamoDBDocumentClient.from(t.client);
    await doc.send(
      new PutCommand({
        TableName: t.table,
        Item: { ...KEY_SET_ITEM_KEY, keys: [{ keyId: 'alias/a', state: 'sleeping', pem, fingerprint: 'x' }] },
      }),
    );

    await expect(store().list()).rejects.toThrow(/the published key set item is malformed/);
  });

  it('reports DynamoDB failures in its own words', async () => {
    const missing = new DynamoDbPublicKeyStore({ client: t.client, tableName: `${t.table}-missing` });

    await expect(missing.list()).rejects.toThrow(/reading the key set/);
    await expect(missing.putSet([key])).rejects.toThrow(/publishing the key set/);
  });
});
