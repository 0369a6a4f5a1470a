import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KMSClient } from '@aws-sdk/client-kms';
import { KmsSigner } from '../../../functions/adapters/kms/kms-signer';
import { handlePipelineEvent } from '../../../functions/core/pipeline/handle-pipeline-event';
import { imageSigning } from '../../../functions/core/signing/image-signing';
import { synthesiseScan } from '../../emulators/ecr';
import { pushImage } from '../../harness/image-builder';
import { sharedRegistryHost } from '../../harness/services';
import { cosign } from '../../harness/verifiers';
import { ECR_HOST, REGION, startPipelineFixture, type PipelineFixture } from './pipeline-fixture';
import { body, pushEvent, scanEvent } from './sample-events';

/**
 * Step 4 of the rotation runbook: after the new key is made active, a re-evaluation (what
 * `image-trust reevaluate` hands to the signer) signs a verified image again, with the new key.
 */
describe('a re-evaluation after a key rotation', () => {
  let f: PipelineFixture;
  let kms: KMSClient;
  let dir: string;
  beforeAll(async () => {
    f = await startPipelineFixture();
    kms = new KMSClient({ endpoint: f.kms.endpoint, region: REGION });
    dir = mkdtempSync(join(tmpdir(), 'image-trust-test-rotation-pipeline-'));
  });
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    kms.destroy();
    await f.stop();
  });

  it('re-signs a VERIFIED image with the active key, keeping the old signature', async () => {
    // Prepare: verified and signed by the old key.
    const image = await pushImage(sharedRegistryHost(), 'team/rotated', { tags: 'v1' });
    const key = { registry: ECR_HOST, repository: 'team/rotated', digest: image.digest };
    await f.deliver(body(pushEvent({ repository: 'team/rotated', digest: image.digest, tag: 'v1' })));
    f.ecr.scans.set('team/rotated', image.digest, synthesiseScan('BASIC', 1, { severities: ['LOW'] }));
    await f.deliver(body(scanEvent({ repository: 'team/rotated', digest: image.digest })));
    expect((await f.store.get(key))?.signature?.keyId).toBe(f.signer.keyId);
    // The new key, made active: the signer now signs with it.
    const alias = `rotated-${process.pid}-${Date.now()}`;
    const newPem = f.kms.createKey(alias).publicKeyPem;
    const newSigner = new KmsSigner(kms, `alias/${alias}`);
    const rotated = { ...f.deps, signing: imageSigning({ registry: f.registry, signer: newSigner }) };

    // Act
    const outcome = await handlePipelineEvent(rotated, {
      type: 'ReevaluationRequested',
      image: key,
      id: 'rotation-1',
      at: new Date().toISOString(),
      reason: 'signing key rotated',
    });

    // Assess
    expect(outcome).toMatchObject({ status: 'VERIFIED' });
    expect((await f.store.get(key))?.signature?.keyId).toBe(`alias/${alias}`);
    const reference = `${sharedRegistryHost()}/team/rotated@${image.digest}`;
    for (const [name, pem] of [
      ['new.pub', newPem],
      ['old.pub', f.publicKeyPem],
    ] as const) {
      writeFileSync(join(dir, name), pem);
      const verified = await cosign([
        'verify',
        '--insecure-ignore-tlog=true',
        '--key',
        join(dir, name),
        reference,
      ]);
      expect(verified.code).toBe(0);
    }
  });
});
