/**
 * The local sweep (npm start's reconciler) finds images pushed by digest only, which Distribution's API
 * does not list, by reading the storage folder of the registry the local mode runs; real registry and
 * DynamoDB Local.
 */
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { sweepRegistry } from '../../../bin/local/registry-sweep';
import { startRegistry, type RegistryService } from '../../../bin/local/services/registry';
import { createVerdictTable } from '../../../functions/adapters/dynamodb/create-verdict-table';
import { DynamoDbVerdictStore } from '../../../functions/adapters/dynamodb/dynamodb-verdict-store';
import { OciRegistryClient } from '../../../functions/adapters/registry/oci-registry-client';
import { recordVerdict } from '../../../functions/core/verdict/record-verdict';
import { pushMultiPlatformImage } from '../../harness/image-builder';
import { sharedDynamoDbEndpoint } from '../../harness/services';

describe('the local registry sweep', () => {
  let registry: RegistryService;
  let dynamo: DynamoDBClient;
  let store: DynamoDbVerdictStore;
  beforeAll(async () => {
    registry = await startRegistry();
    dynamo = new DynamoDBClient({ endpoint: sharedDynamoDbEndpoint(), region: 'us-east-1' });
    const tableName = `sweep-${process.pid}-${Date.now()}`;
    await createVerdictTable(dynamo, tableName);
    store = new DynamoDbVerdictStore({ client: dynamo, tableName });
  });
  afterAll(async () => {
    dynamo.destroy();
    await registry.stop();
  });

  it('finds platform manifests pushed by digest, and only through the storage folder', async () => {
    // Prepare: a buildx-shaped push (platforms by digest, the index tagged); the index is decided.
    const index = await pushMultiPlatformImage(
      registry.url,
      'team/multi',
      [
        { os: 'linux', architecture: 'amd64' },
        { os: 'linux', architecture: 'arm64' },
      ],
      { tags: 'v1' },
    );
    const image = (digest: string) => ({ registry: registry.host, repository: 'team/multi', digest });
    await recordVerdict(store, image(index.digest), {
      type: 'Evaluated',
      outcome: 'fail',
      id: 'decided',
      at: new Date().toISOString(),
      policyVersion: 'p',
      reasons: [{ code: 'TEST', message: 'decided' }],
    });
    const sweep = (storageDir?: string) =>
      sweepRegistry(registry.url, registry.host, new OciRegistryClient(), store, new Date(), storageDir);

    // Act
    const withoutFolder = await sweep();
    const withFolder = await sweep(join(registry.dataDir, 'data'));

    // Assess
    expect(withoutFolder).toEqual([]);
    const platforms = index.platforms.map((p) => p.digest).sort();
    expect(withFolder.map((e) => e.image.digest).sort()).toEqual(platforms);
    expect(withFolder.every((e) => e.type === 'ImagePushed' && e.tag === undefined)).toBe(true);
  });
});
