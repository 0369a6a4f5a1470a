import {
  CreateTableCommand,
  DescribeTimeToLiveCommand,
  UpdateTimeToLiveCommand,
  waitUntilTableExists,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import { translateDynamoDbError } from './dynamodb-errors';
import { VERDICT_TABLE } from './verdict-table';

/**
 * Creates the verdict table as VERDICT_TABLE describes it (on demand, the byStatus and byReview GSIs, TTL on `ttl`)
 * and waits until it is active; for tests and the local mode (the CDK stack declares the same schema
 * in the cloud). Idempotent: an existing table is kept, and TTL is switched on if it is not.
 *
 * @throws UpstreamError (or ThrottledError) when DynamoDB refuses
 */
export async function createVerdictTable(client: DynamoDBClient, tableName: string): Promise<void> {
  const { partitionKey, sortKey, statusIndex, reviewIndex } = VERDICT_TABLE;
  const indexes = [statusIndex, reviewIndex];
  const keys = [partitionKey, sortKey, ...indexes.flatMap((i) => [i.partitionKey, i.sortKey])];
  try {
    await client.send(
      new CreateTableCommand({
        TableName: tableName,
        BillingMode: VERDICT_TABLE.billingMode,
        AttributeDefinitions: keys.map((k) => ({ AttributeName: k.name, AttributeType: k.type })),
        KeySchema: [
          { AttributeName: partitionKey.name, KeyType: 'HASH' },
          { AttributeName: sortKey.name, KeyType: 'RANGE' },
        ],
        GlobalSecondaryIndexes: indexes.map((index) => ({
          IndexName: index.indexName,
          KeySchema: [
            { AttributeName: index.partitionKey.name, KeyType: 'HASH' as const },
            { AttributeName: index.sortKey.name, KeyType: 'RANGE' as const },
          ],
          Projection: { ProjectionType: index.projectionType },
        })),
      }),
    );
  } catch (error) {
    if ((error as { name?: string }).name !== 'ResourceInUseException') {
      throw translateDynamoDbError(error, `creating table ${tableName}`);
    }
  }
  try {
    await waitUntilTableExists(
      { client, maxWaitTime: 120, minDelay: 1, maxDelay: 5 },
      { TableName: tableName },
    );
    const ttl = await client.send(new DescribeTimeToLiveCommand({ TableName: tableName }));
    const status = ttl.TimeToLiveDescription?.TimeToLiveStatus;
    if (status !== 'ENABLED' && status !== 'ENABLING') {
      await client.send(
        new UpdateTimeToLiveCommand({
          TableName: tableName,
          TimeToLiveSpecification: { AttributeName: VERDICT_TABLE.timeToLiveAttribute, Enabled: true },
        }),
      );
    }
  } catch (error) {
    throw translateDynamoDbError(error, `preparing table ${tableName}`);
  }
}
