import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { createVerdictTable } from '../../../functions/adapters/dynamodb/create-verdict-table';
import { DynamoDbVerdictStore } from '../../../functions/adapters/dynamodb/dynamodb-verdict-store';
import { OciRegistryClient } from '../../../functions/adapters/registry/oci-registry-client';
import { reevaluationMessage } from '../../../functions/core/events/queue-message';
import type { DigestReference } from '../../../functions/core/image-reference';
import { pushImage } from '../../../bin/local/image-builder';
import { localConfig } from '../../../bin/local/local-config';
import { startKmsEmulator, type KmsEmulator } from '../../emulators/kms';
import { startRegistryProxy, type RegistryProxy } from '../../harness/registry-proxy';
import { sharedDynamoDbEndpoint, sharedRegistryHost, sharedRegistryUrl } from '../../harness/services';
import { expectSignedOnce } from '../pipeline/signed-once';

type SqsHandler = (event: SQSEvent, context: Context) => Promise<SQSBatchResponse>;

const REGION = 'us-west-2';
const IN_FLIGHT = 3;
const report = JSON.stringify({
  SchemaVersion: 2,
  CreatedAt: new Date().toISOString(),
  ArtifactName: 'batch',
  Results: [{ Target: 'batch', Vulnerabilities: [] }],
});
const context = {
  functionName: 'signer',
  awsRequestId: 'req-1',
  getRemainingTimeInMillis: () => 60_000,
} as unknown as Context;

/** One SQS record per body, as the event source delivers a batch (each a separate message). */
const sqsEvent = (...bodies: string[]): SQSEvent => ({
  Records: bodies.map((b, i) => ({
    messageId: `m${i}`,
    receiptHandle: `r${i}`,
    body: b,
    attributes: {
      ApproximateReceiveCount: '1',
      SentTimestamp: String(Date.now()),
      SenderId: 'signer',
      ApproximateFirstReceiveTimestamp: String(Date.now()),
    },
    messageAttributes: {},
    md5OfBody: '',
    eventSource: 'aws:sqs',
    eventSourceARN: `arn:aws:sqs:${REGION}:123456789012:signer`,
    awsRegion: REGION,
  })),
});
const handOff = (image: DigestReference, id = `e-${image.digest.slice(7, 19)}`) =>
  reevaluationMessage({
    type: 'ReevaluationRequested',
    image,
    id,
    at: new Date().toISOString(),
    reason: 'CI',
  });

/**
 * The deployed signer handler with RECORDS_IN_FLIGHT 3, over the real registry (behind a proxy that
 * watches which images are being worked on), DynamoDB Local and the KMS emulator: the records of one
 * batch are signed at once, at most 3 at a time; duplicates in one batch sign once; one record that
 * fails is reported alone.
 */
describe('the signer processes the records of a batch at once', () => {
  let kms: KmsEmulator;
  let proxy: RegistryProxy;
  let dynamo: DynamoDBClient;
  let handler: SqsHandler;
  const tableName = `signer-batch-${process.pid}-${Date.now()}`;
  const saved = { ...process.env };
  /** Per repository (one image each): when its first and last registry request were seen. */
  const activity = new Map<string, { first: number; last: number }>();
  const broken = new Set<string>();

  beforeAll(async () => {
    kms = await startKmsEmulator({ region: REGION });
    kms.createKey('batch');
    // Every Sign takes a while, so images in flight overlap for certain when they run at once.
    kms.faults.latency({ ms: 150, operations: ['Sign'] });
    proxy = await startRegistryProxy(sharedRegistryUrl(), async (request, forward) => {
      const repository = /^\/v2\/(.+?)\/(?:manifests|blobs|tags|referrers)\//.exec(request.path)?.[1];
      if (repository && broken.has(repository))
        return { status: 503, headers: { 'content-type': 'text/plain' }, body: Buffer.from('down') };
      const started = performance.now();
      const response = await forward();
      if (repository) {
        const seen = activity.get(repository) ?? { first: started, last: started };
        activity.set(repository, { first: Math.min(seen.first, started), last: performance.now() });
      }
      return response;
    });
    dynamo = new DynamoDBClient({ endpoint: sharedDynamoDbEndpoint(), region: REGION });
    await createVerdictTable(dynamo, tableName);
    Object.assign(process.env, {
      AWS_REGION: REGION,
      AWS_ENDPOINT_URL_DYNAMODB: sharedDynamoDbEndpoint(),
      AWS_ENDPOINT_URL_KMS: kms.endpoint,
      AWS_ENDPOINT_URL_ECR: 'http://127.0.0.1:9',
      TABLE_NAME: tableName,
      KEY_ID: 'alias/batch',
      DEAD_LETTER_QUEUE_URL: 'http://127.0.0.1:9/unused-dlq',
      RECORDS_IN_FLIGHT: String(IN_FLIGHT),
      IMAGE_TRUST_CONFIG: JSON.stringify(localConfig(proxy.host)),
      POWERTOOLS_DEV: 'true',
      POWERTOOLS_LOG_LEVEL: 'ERROR',
      POWERTOOLS_METRICS_DISABLED: 'true',
      POWERTOOLS_TRACE_ENABLED: 'false',
    });
    ({ handler } = (await import('../../../functions/signer/handler')) as { handler: SqsHandler });
  });
  afterAll(async () => {
    process.env = saved;
    dynamo.destroy();
    await Promise.all([kms.stop(), proxy.close()]);
  });

  const push = async (name: string): Promise<DigestReference> => {
    const repository = `batch/${name}-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
    const pushed = await pushImage(sharedRegistryHost(), repository, {
      annotations: { 'trivy.scan.result': report },
    });
    return { ...pushed.reference, registry: proxy.host };
  };
  const statusOf = async (image: DigestReference) =>
    (await new DynamoDbVerdictStore({ client: dynamo, tableName }).get(image))?.status;

  it('signs the images of one batch at once, never more than RECORDS_IN_FLIGHT of them', async () => {
    const images = await Promise.all(Array.from({ length: 7 }, (_, i) => push(`many-${i}`)));
    activity.clear();

    const response = await handler(sqsEvent(...images.map((image) => handOff(image))), context);

    expect(response.batchItemFailures).toEqual([]);
    for (const image of images) expect(await statusOf(image)).toBe('VERIFIED');
    const spans = images.map((image) => activity.get(image.repository)!);
    const mostAtOnce = Math.max(
      ...spans.map(({ first }) => spans.filter((s) => s.first <= first && first < s.last).length),
    );
    expect(mostAtOnce).toBeGreaterThan(1);
    expect(mostAtOnce).toBeLessThanOrEqual(IN_FLIGHT);
  });

  it('signs an image delivered three times in one batch once', async () => {
    const alone = await push('alone');
    kms.calls.reset();
    await handler(sqsEvent(handOff(alone)), context);
    const signsForOneImage = kms.calls.count('Sign');
    const image = await push('duplicated');
    kms.calls.reset();

    const body = handOff(image);
    const response = await handler(sqsEvent(body, body, handOff(image, 'another-event')), context);

    expect(response.batchItemFailures).toEqual([]);
    expect(await statusOf(image)).toBe('VERIFIED');
    expect(signsForOneImage).toBeGreaterThan(0);
    expect(kms.calls.count('Sign')).toBe(signsForOneImage);
    await expectSignedOnce(new OciRegistryClient(), image);
  });

  it('reports only the record that failed as a batch item failure', async () => {
    const [first, failing, last] = await Promise.all([push('fine-a'), push('failing'), push('fine-b')]);
    broken.add(failing!.repository);

    const response = await handler(sqsEvent(handOff(first!), handOff(failing!), handOff(last!)), context);

    expect(response.batchItemFailures).toEqual([{ itemIdentifier: 'm1' }]);
    expect(await statusOf(first!)).toBe('VERIFIED');
    expect(await statusOf(last!)).toBe('VERIFIED');
    expect(await statusOf(failing!)).not.toBe('VERIFIED');
  });
});
