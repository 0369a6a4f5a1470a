import type { PipelineEvent } from '../../../functions/core/events/pipeline-event';
import { reevaluationMessage } from '../../../functions/core/events/queue-message';
import { MediaTypes } from '../../../functions/core/oci/media-types';
import type { PipelineDeps } from '../../../functions/core/pipeline/pipeline-deps';
import { reconcile } from '../../../functions/core/pipeline/reconcile';
import type { VerdictKey } from '../../../functions/core/verdict/verdict';
import { checkSeal, trustedSealKeys } from '../../../functions/core/verdict/verdict-seal';
import { synthesiseScan } from '../../emulators/ecr';
import { pushImage } from '../../harness/image-builder';
import { sharedRegistryHost } from '../../harness/services';
import { pushBuildxImage } from '../pipeline/buildx-image';
import {
  defaultConfig,
  ECR_HOST,
  startPipelineFixture,
  type PipelineFixture,
} from '../pipeline/pipeline-fixture';
import { body, pushEvent, scanEvent } from '../pipeline/sample-events';
import { HOUR_MS, SimulatedClock } from './ten-days-fixture';

const HOURS = 96;
const LIFETIME_HOURS = 24;

/**
 * Issue 16, point 3, on a clock: four days, the reconciler every simulated hour in a worker without the
 * key (it hands re-seals to the signer's queue, delivered as SQS would). Verified images never stop
 * being allowed for want of a fresh seal, and every re-seal costs one KMS Sign and no registry request.
 */
describe('four simulated days of seal renewals', () => {
  const clock = new SimulatedClock(Math.ceil(Date.now() / HOUR_MS) * HOUR_MS + HOUR_MS);
  const START = clock.ms;
  let f: PipelineFixture;
  const keys: VerdictKey[] = [];
  const denied: string[] = [];
  const reseals = new Map<string, number>();
  let signs = 0;
  let registryRequests = 0;
  let handOffs = 0;

  beforeAll(async () => {
    f = await startPipelineFixture({
      config: { ...defaultConfig, sealing: { lifetimeHours: LIFETIME_HOURS } },
      now: clock.now,
    });
    const trusted = trustedSealKeys([f.publicKeyPem]);
    const scanned = async (repository: string, digest: string) => {
      f.ecr.scans.set(
        repository,
        digest,
        synthesiseScan('BASIC', 1, { severities: ['LOW'], completedAt: clock.ms }),
      );
      await f.deliver(body(scanEvent({ repository, digest, time: clock.now().toISOString() })));
      keys.push({ registry: ECR_HOST, repository, digest });
    };
    for (const repository of ['team/renew-a', 'team/renew-b']) {
      await scanned(repository, (await pushImage(sharedRegistryHost(), repository, { tags: 'v1' })).digest);
    }
    const multi = await pushBuildxImage(sharedRegistryHost(), 'team/renew-index', ['amd64'], 'v1');
    await scanned('team/renew-index', multi.platforms[0]!.digest);
    const indexPush = pushEvent({
      repository: 'team/renew-index',
      digest: multi.index,
      tag: 'v1',
      manifestMediaType: MediaTypes.ociIndex,
    });
    await f.deliver(body(indexPush));
    keys.push({ registry: ECR_HOST, repository: 'team/renew-index', digest: multi.index });

    const handedOff: PipelineEvent[] = [];
    const { signing: _signing, sealer: _sealer, ...rest } = f.deps;
    const reconciler: PipelineDeps = { ...rest, handOff: (e) => Promise.resolve(void handedOff.push(e)) };
    const check = async () => {
      for (const key of keys) {
        const verdict = await f.store.get(key);
        const nowMs = clock.ms;
        const allowed =
          verdict?.status === 'VERIFIED' &&
          checkSeal(verdict, trusted).ok &&
          verdict.validUntil !== undefined &&
          Date.parse(verdict.validUntil) > nowMs &&
          Date.parse(verdict.validUntil) <= Date.parse(verdict.seal!.sealedAt) + LIFETIME_HOURS * HOUR_MS &&
          (verdict.validity?.validUntil === undefined || Date.parse(verdict.validity.validUntil) > nowMs);
        if (!allowed)
          denied.push(`${key.repository}@${new Date(nowMs).toISOString()}: ${JSON.stringify(verdict)}`);
      }
    };
    await check();
    for (let hour = 1; hour <= HOURS; hour++) {
      // A minute before the hour's run: the seal of the last renewal must still hold.
      clock.set(START + hour * HOUR_MS - 60_000);
      await check();
      clock.set(START + hour * HOUR_MS);
      const report = await reconcile(reconciler);
      expect(report.failures).toEqual([]);
      const signsBefore = f.kms.calls.count('Sign');
      const requestsBefore = f.registryRequests.total;
      for (const event of handedOff.splice(0)) {
        if (event.type !== 'ResealRequested') throw new Error(`unexpected hand-off ${event.type}`);
        handOffs += 1;
        const delivered = await f.deliver(reevaluationMessage(event));
        expect(delivered).toMatchObject({ result: 'done', outcome: { action: 'resealed' } });
        reseals.set(event.image.repository, (reseals.get(event.image.repository) ?? 0) + 1);
      }
      signs += f.kms.calls.count('Sign') - signsBefore;
      registryRequests += f.registryRequests.total - requestsBefore;
      await check();
    }
  }, 300_000);
  afterAll(() => f.stop());

  it('never leaves a verified image without a valid seal', () => {
    expect(denied).toEqual([]);
  });

  it('re-seals each image every half lifetime, one KMS Sign per re-seal and no registry work', () => {
    const expected = HOURS / (LIFETIME_HOURS / 2);
    expect(Object.fromEntries(reseals)).toEqual({
      'team/renew-a': expected,
      'team/renew-b': expected,
      // The index's platform, and the index itself.
      'team/renew-index': 2 * expected,
    });
    expect(signs).toBe(handOffs);
    expect(registryRequests).toBe(0);
  });
});
