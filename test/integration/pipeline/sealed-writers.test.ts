import { revokeImage } from '../../../functions/core/admin/revoke-image';
import { requestReevaluation } from '../../../functions/core/admin/request-reevaluation';
import type { PipelineEvent } from '../../../functions/core/events/pipeline-event';
import { parseQueueMessage, reevaluationMessage } from '../../../functions/core/events/queue-message';
import { MediaTypes } from '../../../functions/core/oci/media-types';
import { evaluateImage } from '../../../functions/core/pipeline/evaluate-image';
import { handlePipelineEvent } from '../../../functions/core/pipeline/handle-pipeline-event';
import type { PipelineDeps } from '../../../functions/core/pipeline/pipeline-deps';
import { reconcile } from '../../../functions/core/pipeline/reconcile';
import { record } from '../../../functions/core/pipeline/record';
import { recordVerdict } from '../../../functions/core/verdict/record-verdict';
import type { VerdictKey } from '../../../functions/core/verdict/verdict';
import {
  checkSeal,
  trustedSealKeys,
  type TrustedSealKeys,
} from '../../../functions/core/verdict/verdict-seal';
import { synthesiseScan } from '../../emulators/ecr';
import { pushImage } from '../../harness/image-builder';
import { sharedRegistryHost } from '../../harness/services';
import { passed } from '../../unit/core/verdict/verdict-events';
import { pushBuildxImage } from './buildx-image';
import { ECR_HOST, startPipelineFixture, type PipelineFixture } from './pipeline-fixture';
import { body, pushEvent, scanEvent } from './sample-events';

/**
 * Issue 16: every writer that can leave a verdict VERIFIED leaves one whose seal verifies with the
 * signer's key. Writers without the key (event intake, the reconciler, the admin API) keep a seal whose
 * sealed fields they do not change, or hand the image to the signer.
 */
describe('every writer of a VERIFIED verdict leaves it sealed', () => {
  let f: PipelineFixture;
  let trusted: TrustedSealKeys;
  let handedOff: PipelineEvent[];
  /** A worker without the key, as event intake and the reconciler run: it hands off to the signer. */
  let intake: PipelineDeps;
  beforeAll(async () => {
    f = await startPipelineFixture();
    trusted = trustedSealKeys([f.publicKeyPem]);
  });
  beforeEach(() => {
    handedOff = [];
    const { signing: _signing, sealer: _sealer, ...rest } = f.deps;
    intake = { ...rest, handOff: (event) => Promise.resolve(void handedOff.push(event)) };
  });
  afterAll(() => f.stop());

  const keyOf = (repository: string, digest: string): VerdictKey => ({
    registry: ECR_HOST,
    repository,
    digest,
  });
  const sealHolds = async (key: VerdictKey) => {
    const verdict = await f.store.get(key);
    expect(verdict?.status).toBe('VERIFIED');
    expect(checkSeal(verdict!, trusted)).toEqual({ ok: true });
    return verdict!;
  };
  const verifiedImage = async (repository: string): Promise<VerdictKey> => {
    const image = await pushImage(sharedRegistryHost(), repository, { tags: 'v1' });
    f.ecr.scans.set(repository, image.digest, synthesiseScan('BASIC', 1, { severities: ['LOW'] }));
    await f.deliver(body(scanEvent({ repository, digest: image.digest })));
    return keyOf(repository, image.digest);
  };
  /** What the signer does with a hand-off: the queue message, parsed, handled. */
  const signerTakes = async (events: readonly PipelineEvent[]) => {
    for (const event of events) {
      if (event.type !== 'ReevaluationRequested' && event.type !== 'ResealRequested')
        throw new Error(event.type);
      await f.deliver(reevaluationMessage(event));
    }
  };

  it('the signer pipeline seals a pass with one KMS Sign more than signing the image takes', async () => {
    const unsealed = await pushImage(sharedRegistryHost(), 'team/seal-count-a');
    const sealed = await pushImage(sharedRegistryHost(), 'team/seal-count-b');
    for (const [repo, image] of [
      ['team/seal-count-a', unsealed],
      ['team/seal-count-b', sealed],
    ] as const)
      f.ecr.scans.set(repo, image.digest, synthesiseScan('BASIC', 1, { severities: ['LOW'] }));
    const trigger = { id: 'scan-count', at: new Date().toISOString() };
    const signs = f.kms.calls.count('Sign');
    await evaluateImage(
      { ...f.deps, sealer: undefined },
      keyOf('team/seal-count-a', unsealed.digest),
      trigger,
    );
    const signingAlone = f.kms.calls.count('Sign') - signs;
    await evaluateImage(f.deps, keyOf('team/seal-count-b', sealed.digest), trigger);
    const withSeal = f.kms.calls.count('Sign') - signs - signingAlone;
    expect(signingAlone).toBeGreaterThan(0);
    expect(withSeal).toBe(signingAlone + 1);
    await sealHolds(keyOf('team/seal-count-b', sealed.digest));
  });

  it('index derivation seals the index it verifies', async () => {
    const repo = 'team/seal-index';
    const image = await pushBuildxImage(sharedRegistryHost(), repo, ['amd64'], 'v1');
    const platform = image.platforms[0]!;
    f.ecr.scans.set(repo, platform.digest, synthesiseScan('BASIC', 1, { severities: ['LOW'] }));
    await f.deliver(body(scanEvent({ repository: repo, digest: platform.digest })));
    const indexPush = pushEvent({
      repository: repo,
      digest: image.index,
      tag: 'v1',
      manifestMediaType: MediaTypes.ociIndex,
    });
    await f.deliver(body(indexPush));
    await sealHolds(keyOf(repo, platform.digest));
    await sealHolds(keyOf(repo, image.index));
  });

  it('event intake keeps the seal through a tag event on a verified image: no KMS call, no hand-off', async () => {
    const key = await verifiedImage('team/seal-tagged');
    const before = await sealHolds(key);
    const signs = f.kms.calls.count('Sign');
    const push = parseQueueMessage(
      body(pushEvent({ repository: key.repository, digest: key.digest, tag: 'v2' })),
    );
    await handlePipelineEvent(intake, push!);
    const after = await sealHolds(key);
    expect(after.tags).toContain('v2');
    expect(after.version).toBe(before.version + 1);
    expect(after.seal).toEqual(before.seal);
    expect(f.kms.calls.count('Sign')).toBe(signs);
    expect(handedOff).toEqual([]);
  });

  it('a writer without the key that must write a new VERIFIED hands it to the signer, which seals it', async () => {
    const key = await verifiedImage('team/seal-handed');
    // A pass of another policy version, newer than the signer's: a new decision, which needs a new seal.
    const written = await record(intake, key, { ...passed('late-pass', 0), at: new Date().toISOString() });
    expect(written).toMatchObject({ unsealed: true, verdict: { status: 'VERIFIED' } });
    expect(checkSeal(written.verdict, trusted)).toMatchObject({ ok: false, code: 'VERDICT_UNSIGNED' });
    expect(handedOff).toMatchObject([{ type: 'ResealRequested', image: key }]);
    const signs = f.kms.calls.count('Sign');
    const requests = f.registryRequests.total;
    await signerTakes(handedOff);
    await sealHolds(key);
    expect(f.kms.calls.count('Sign') - signs).toBe(1);
    expect(f.registryRequests.total).toBe(requests);
  });

  it("the admin API's revocation drops the seal; its re-evaluation, run by the signer, seals again", async () => {
    const key = await verifiedImage('team/seal-admin');
    const admin = { store: f.store, handOff: intake.handOff!, now: f.deps.now };
    const ref = `${key.registry}/${key.repository}@${key.digest}`;
    const revoked = await revokeImage(admin, ref, 'seal test', 'arn:aws:iam::123456789012:role/ops');
    expect(revoked.verdict).toMatchObject({ status: 'REVOKED' });
    expect(revoked.verdict.seal).toBeUndefined();
    await requestReevaluation(admin, ref, 'fixed', 'ops');
    expect(handedOff).toMatchObject([{ type: 'ReevaluationRequested', operator: true }]);
    await signerTakes(handedOff);
    await sealHolds(key);
  });

  it('the reconciler finds a VERIFIED item written before seals and has the signer seal it', async () => {
    const image = await pushImage(sharedRegistryHost(), 'team/seal-legacy');
    const key = keyOf('team/seal-legacy', image.digest);
    const longAgo = new Date(Date.now() - 13 * 3_600_000);
    // As a version without seals wrote it: VERIFIED, no seal, no validity (so not in the byReview index).
    await recordVerdict(
      f.store,
      key,
      { ...passed('legacy', 0), at: longAgo.toISOString() },
      { now: () => longAgo },
    );
    expect(checkSeal((await f.store.get(key))!, trusted)).toMatchObject({ code: 'VERDICT_UNSIGNED' });
    const report = await reconcile(intake);
    expect(report.failures).toEqual([]);
    expect(handedOff).toContainEqual(expect.objectContaining({ type: 'ResealRequested', image: key }));
    await signerTakes(handedOff.filter((e) => e.type === 'ResealRequested' && e.image.digest === key.digest));
    await sealHolds(key);
  });
});
