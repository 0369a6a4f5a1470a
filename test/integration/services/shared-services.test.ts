import { DynamoDBClient, CreateTableCommand, PutItemCommand, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { sharedDynamoDbEndpoint, sharedRegistryUrl } from '../../harness/services';

describe('shared real services', () => {
  it('the registry speaks the distribution API and stores a blob', async () => {
    const base = sharedRegistryUrl();
    const version = await fetch(`${base}/v2/`);
    expect(version.headers.get('docker-distribution-api-version')).toBe('registry/2.0');

    const blob = Buffer.from(`hello ${Date.now()}`);
    const { createHash } = await import('node:crypto');
    const digest = `sha256:${createHash('sha256').update(blob).digest('hex')}`;
    const start = await fetch(`${base}/v2/harness/smoke/blobs/uploads/`, { method: 'POST' });
    expect(start.status).toBe(202);
    const location = new URL(start.headers.get('location')!, base);
    location.searchParams.set('digest', digest);
    const put = await fetch(location, { method: 'PUT', body: blob });
    expect(put.status).toBe(201);
    const head = await fetch(`${base}/v2/harness/smoke/blobs/${digest}`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers.get('docker-content-digest')).toBe(digest);
  });

  it('DynamoDB Local keeps an item written through the real SDK client', async () => {
    const client = new DynamoDBClient({ endpoint: sharedDynamoDbEndpoint() });
    const TableName = `harness-${Date.now()}`;
    await client.send(
      new CreateTableCommand({
        TableName,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
        KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
      }),
    );
    await client.send(new PutItemCommand({ TableName, Item: { pk: { S: 'a' }, v: { N: '42' } } }));
    const { Item } = await client.send(new GetItemCommand({ TableName, Key: { pk: { S: 'a' } } }));
    expect(Item?.v?.N).toBe('42');
    // A real DynamoDB refuses a conditional write whose condition fails.
    await expect(
      client.send(
        new PutItemCommand({
          TableName,
          Item: { pk: { S: 'a' } },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      ),
    ).rejects.toThrow(/conditional request failed/i);
    client.destroy();
  });
});
