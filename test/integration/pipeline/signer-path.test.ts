import { checkSeal, trustedSealKeys } from '../../../functions/core/verdict/verdict-seal';
import { synthesiseScan } from '../../emulators/ecr';
import { pushImage } from '../../harness/image-builder';
import { sharedRegistryHost } from '../../harness/services';
import { expectSignedOnce } from './signed-once';
import { ECR_HOST, startPipelineFixture, type PipelineFixture } from './pipeline-fixture';
import { body, scanEvent } from './sample-events';

/** Issue 14 item 4: what one image costs the signer one after another, and that it stays sealed and leased. */
describe('the signer path of one clean image', () => {
  let f: PipelineFixture;
  beforeAll(async () => {
    f = await startPipelineFixture();
  });
  afterAll(() => f.stop());

  it('seals beside the signing (3 KMS Signs in all) and gives the lease back in the verdict write (no DeleteItem)', async () => {
    const repository = 'team/signer-path';
    const image = await pushImage(sharedRegistryHost(), repository);
    f.ecr.scans.set(repository, image.digest, synthesiseScan('BASIC', 1, { severities: ['LOW'] }));
    const key = { registry: ECR_HOST, repository, digest: image.digest };
    f.kms.calls.reset();
    f.dynamoCalls.reset();

    const result = await f.deliver(body(scanEvent({ repository, digest: image.digest })));

    expect(result).toMatchObject({ result: 'done', outcome: { action: 'verified', status: 'VERIFIED' } });
    // The `.sig`, the `.att` envelope and the verdict's seal: the seal made beside them, not after.
    expect(f.kms.calls.count('Sign')).toBe(3);
    const verdict = await f.store.get(key);
    expect(checkSeal(verdict!, trustedSealKeys([f.publicKeyPem]))).toEqual({ ok: true });
    expect(verdict?.seal?.revision).toBe(verdict?.version);
    const calls = f.dynamoCalls.snapshot();
    expect(calls).toMatchObject({ 'PutItem ok': 1, 'TransactWriteItems ok': 1, 'Query ok': 1 });
    expect(Object.keys(calls).filter((call) => call.startsWith('DeleteItem'))).toEqual([]);
    // The lease went with the verdict: another worker takes it at once.
    expect(await f.deps.leases.acquire(key, 'another-worker', 60_000)).toBe(true);
    await f.deps.leases.release(key, 'another-worker');
    await expectSignedOnce(f.registry, key);
  });

  it('gives the lease asked for beside the reads back when the evaluation rejects', async () => {
    const repository = 'team/signer-path-rejected';
    const image = await pushImage(sharedRegistryHost(), repository);
    f.ecr.scans.set(repository, image.digest, synthesiseScan('BASIC', 1, { severities: ['CRITICAL'] }));
    const key = { registry: ECR_HOST, repository, digest: image.digest };
    f.dynamoCalls.reset();

    const result = await f.deliver(body(scanEvent({ repository, digest: image.digest })));

    expect(result).toMatchObject({ result: 'done', outcome: { action: 'rejected', status: 'REJECTED' } });
    expect(f.dynamoCalls.snapshot()).toMatchObject({ 'PutItem ok': 1, 'DeleteItem ok': 1 });
    expect(await f.deps.leases.acquire(key, 'another-worker', 60_000)).toBe(true);
    await f.deps.leases.release(key, 'another-worker');
  });

  it("stops waiting for another worker's lease as soon as the evaluation rejects, and leaves that lease alone", async () => {
    const repository = 'team/signer-path-busy';
    const image = await pushImage(sharedRegistryHost(), repository);
    f.ecr.scans.set(repository, image.digest, synthesiseScan('BASIC', 1, { severities: ['CRITICAL'] }));
    const key = { registry: ECR_HOST, repository, digest: image.digest };
    expect(await f.deps.leases.acquire(key, 'another-worker', 60_000)).toBe(true);
    const started = Date.now();

    const result = await f.deliver(body(scanEvent({ repository, digest: image.digest })));

    expect(result).toMatchObject({ result: 'done', outcome: { action: 'rejected' } });
    // Far below the 20 s a signing waits for a busy lease.
    expect(Date.now() - started).toBeLessThan(5000);
    expect(await f.deps.leases.acquire(key, 'a-third-worker', 60_000)).toBe(false);
    expect(await f.deps.leases.release(key, 'another-worker')).toBe(true);
  });
});
