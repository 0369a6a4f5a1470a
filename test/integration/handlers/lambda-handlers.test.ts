import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { Context, SQSEvent, SQSBatchResponse } from 'aws-lambda';
import { createVerdictTable } from '../../../functions/adapters/dynamodb/create-verdict-table';
import { DynamoDbPublicKeyStore } from '../../../functions/adapters/dynamodb/dynamodb-public-key-store';
import { DynamoDbVerdictStore } from '../../../functions/adapters/dynamodb/dynamodb-verdict-store';
import { synthesiseScan, startEcrEmulator, type EcrEmulator } from '../../emulators/ecr';
import { startKmsEmulator, type KmsEmulator } from '../../emulators/kms';
import { sharedDynamoDbEndpoint, sharedRegistryUrl } from '../../harness/services';
import { ACCOUNT, ECR_HOST, REGION } from '../pipeline/pipeline-fixture';
import { body, pushEvent, scanEvent } from '../pipeline/sample-events';

type SqsHandler = (event: SQSEvent, context: Context) => Promise<SQSBatchResponse>;

const sqsEvent = (...bodies: string[]): SQSEvent => ({
  Records: bodies.map((b, i) => ({
    messageId: `m${i}`,
    receiptHandle: `r${i}`,
    body: b,
    attributes: {
      ApproximateReceiveCount: '1',
      SentTimestamp: String(Date.now()),
      SenderId: 'events',
      ApproximateFirstReceiveTimestamp: String(Date.now()),
    },
    messageAttributes: {},
    md5OfBody: '',
    eventSource: 'aws:sqs',
    eventSourceARN: `arn:aws:sqs:${REGION}:${ACCOUNT}:q`,
    awsRegion: REGION,
  })),
});
const context = {
  functionName: 'test',
  awsRequestId: 'req-1',
  getRemainingTimeInMillis: () => 30_000,
} as unknown as Context;

/**
 * The deployed entry points themselves (middy, Powertools batch processing, the environment wiring),
 * with their AWS SDK clients sent to DynamoDB Local and the emulators by the SDK's own
 * AWS_ENDPOINT_URL_<SERVICE> variables.
 */
describe('the Lambda handlers, wired from their environment', () => {
  let kms: KmsEmulator;
  let ecr: EcrEmulator;
  const tableName = `handlers-${process.pid}-${Date.now()}`;
  const saved = { ...process.env };
  let dynamo: DynamoDBClient;

  beforeAll(async () => {
    kms = await startKmsEmulator({ region: REGION });
    kms.createKey('handlers');
    kms.createKey('handlers-old');
    ecr = await startEcrEmulator({ registryUrl: sharedRegistryUrl(), region: REGION, registryId: ACCOUNT });
    dynamo = new DynamoDBClient({ endpoint: sharedDynamoDbEndpoint(), region: REGION });
    await createVerdictTable(dynamo, tableName);
    Object.assign(process.env, {
      AWS_REGION: REGION,
      AWS_ENDPOINT_URL_DYNAMODB: sharedDynamoDbEndpoint(),
      AWS_ENDPOINT_URL_KMS: kms.endpoint,
      AWS_ENDPOINT_URL_ECR: ecr.endpoint,
      TABLE_NAME: tableName,
      KEY_ID: 'alias/handlers',
      OTHER_SIGNING_KEYS: JSON.stringify([{ keyId: 'alias/handlers-old', state: 'verifying' }]),
      DEAD_LETTER_QUEUE_URL: 'http://127.0.0.1:9/unused-dlq',
      POWERTOOLS_DEV: 'true',
      POWERTOOLS_LOG_LEVEL: 'ERROR',
      POWERTOOLS_METRICS_DISABLED: 'true',
      POWERTOOLS_TRACE_ENABLED: 'false',
      IMAGE_TRUST_CONFIG: JSON.stringify({
        allowlist: { registries: [{ accountId: ACCOUNT, region: REGION }], repositories: ['team/**'] },
        policy: { version: 'handlers-1', severityLimits: { CRITICAL: 0 } },
        scanning: { mode: 'basic', startScanOnPush: true },
      }),
    });
  });
  afterAll(async () => {
    process.env = saved;
    dynamo.destroy();
    await Promise.all([kms.stop(), ecr.stop()]);
  });

  it('image-action records a push as PENDING and starts a basic scan', async () => {
    const { handler } = (await import('../../../functions/event-intake/handler')) as { handler: SqsHandler };
    const digest = `sha256:${'1'.repeat(64)}`;
    ecr.images.register({ repositoryName: 'team/app', imageDigest: digest });
    const response = await handler(
      sqsEvent(body(pushEvent({ repository: 'team/app', digest, tag: 'v1' }))),
      context,
    );
    expect(response.batchItemFailures).toEqual([]);
    const verdict = await new DynamoDbVerdictStore({ client: dynamo, tableName }).get({
      registry: ECR_HOST,
      repository: 'team/app',
      digest,
    });
    expect(verdict).toMatchObject({ status: 'PENDING', tags: ['v1'] });
    expect(ecr.calls.count('StartImageScan')).toBe(1);
  });

  it('the signer publishes its key set and rejects a scan with a CRITICAL finding', async () => {
    const { handler } = (await import('../../../functions/signer/handler')) as { handler: SqsHandler };
    const digest = `sha256:${'2'.repeat(64)}`;
    ecr.scans.set('team/app', digest, synthesiseScan('BASIC', 1, { severities: ['CRITICAL'] }));
    const response = await handler(sqsEvent(body(scanEvent({ repository: 'team/app', digest }))), context);
    expect(response.batchItemFailures).toEqual([]);
    const verdict = await new DynamoDbVerdictStore({ client: dynamo, tableName }).get({
      registry: ECR_HOST,
      repository: 'team/app',
      digest,
    });
    expect(verdict?.status).toBe('REJECTED');
    const keys = new DynamoDbPublicKeyStore({ client: dynamo, tableName });
    const published = await keys.get();
    expect(published).toMatchObject({ keyId: 'alias/handlers' });
    expect(published?.pem).toContain('BEGIN PUBLIC KEY');
    const set = await keys.list();
    expect(set?.map(({ keyId, state }) => ({ keyId, state }))).toEqual([
      { keyId: 'alias/handlers', state: 'active' },
      { keyId: 'alias/handlers-old', state: 'verifying' },
    ]);
    expect(set?.[0]?.pem).toBe(published?.pem);
    expect(set?.[1]?.pem).not.toBe(published?.pem);
    expect(kms.calls.count('GetPublicKey')).toBe(2);
  });

  it('reports a record that fails for now as a batch item failure, for SQS to deliver again', async () => {
    const { handler } = (await import('../../../functions/signer/handler')) as { handler: SqsHandler };
    const digest = `sha256:${'3'.repeat(64)}`;
    ecr.faults.failNext('DescribeImageScanFindings', { type: 'ServerException', status: 500 }, 10);
    const fineDigest = `sha256:${'4'.repeat(64)}`;
    ecr.images.register({ repositoryName: 'team/app', imageDigest: fineDigest });
    const fine = body(pushEvent({ repository: 'team/app', digest: fineDigest, tag: 'v2' }));
    const response = await handler(
      sqsEvent(fine, body(scanEvent({ repository: 'team/app', digest }))),
      context,
    );
    expect(response.batchItemFailures).toEqual([{ itemIdentifier: 'm1' }]);
  });
});
