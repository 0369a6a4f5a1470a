/**
 * Evidence is only counted for what it is about: scan events and findings of our own signature
 * artifacts are skipped before any evaluation, and a CI Trivy report counts only for the manifest it
 * describes. Real registry, DynamoDB Local, ECR emulator.
 */
import { parseRuntimeConfig } from '../../../functions/core/config/parse-runtime-config';
import { parsePipelineEvent } from '../../../functions/core/events/parse-pipeline-event';
import { MediaTypes } from '../../../functions/core/oci/media-types';
import { handlePipelineEvent } from '../../../functions/core/pipeline/handle-pipeline-event';
import type { PipelineDeps } from '../../../functions/core/pipeline/pipeline-deps';
import { compilePolicy } from '../../../functions/core/policy/compile-policy';
import { signatureTag } from '../../../functions/core/reference';
import { sha256Digest } from '../../../functions/core/oci/digest';
import { TRIVY_SCAN_ANNOTATION } from '../../../functions/core/scan/trivy-annotation';
import { TrivyAnnotationScanReader } from '../../../functions/adapters/registry/trivy-annotation-scan-reader';
import { synthesiseScan } from '../../emulators/ecr';
import { pushImage } from '../../harness/image-builder';
import { sharedRegistryHost } from '../../harness/services';
import { defaultConfig, ECR_HOST, startPipelineFixture, type PipelineFixture } from './pipeline-fixture';
import { body, findingEvent, pushEvent, scanEvent } from './sample-events';

describe('evidence about our own artifacts and about other images', () => {
  let f: PipelineFixture;
  beforeAll(async () => {
    f = await startPipelineFixture();
  });
  afterAll(async () => f.stop());
  const locator = (repository: string) => ({ registry: ECR_HOST, repository });
  const key = (repository: string, digest: string) => ({ ...locator(repository), digest });

  it('skips scan events and findings of its own .sig manifest and bundle referrer', async () => {
    // Prepare: a verified image, and the artifacts its signing wrote.
    const repository = 'team/own-artifacts';
    const image = await pushImage(sharedRegistryHost(), repository, { tags: 'v1' });
    f.ecr.scans.set(repository, image.digest, synthesiseScan('BASIC', 0));
    await f.deliver(body(scanEvent({ repository, digest: image.digest })));
    expect((await f.store.get(key(repository, image.digest)))?.status).toBe('VERIFIED');
    const sig = await f.registry.getManifest(locator(repository), signatureTag(image.digest));
    const [bundle] = await f.registry.referrers(locator(repository), image.digest);
    const sigDigest = sha256Digest(sig!.bytes);

    // Act: ECR scans (UNSUPPORTED_IMAGE) the artifacts, with or without their tags; Inspector reports one.
    const tagged = scanEvent({ repository, digest: sigDigest, status: 'UNSUPPORTED_IMAGE' });
    (tagged.detail as Record<string, unknown>)['image-tags'] = [signatureTag(image.digest)];
    const outcomes = [
      await f.deliver(body(tagged)),
      await f.deliver(body(scanEvent({ repository, digest: sigDigest, status: 'UNSUPPORTED_IMAGE' }))),
      await f.deliver(body(scanEvent({ repository, digest: bundle!.digest }))),
      await f.deliver(body(findingEvent({ repository, digest: sigDigest, severity: 'CRITICAL' }))),
    ];

    // Assess
    expect(outcomes.map((o) => (o as { outcome?: { action: string } }).outcome?.action)).toEqual([
      'skipped',
      'skipped',
      'skipped',
      'skipped',
    ]);
    expect(await f.store.get(key(repository, sigDigest))).toBeUndefined();
    expect(await f.store.get(key(repository, bundle!.digest))).toBeUndefined();
    expect((await f.store.get(key(repository, image.digest)))?.status).toBe('VERIFIED');
  });

  describe('a Trivy report attached in CI', () => {
    let deps: PipelineDeps;
    beforeAll(() => {
      const config = parseRuntimeConfig({
        ...defaultConfig,
        policy: { version: 'test-trivy', severityLimits: { CRITICAL: 0 }, trustTrivyReportFor: ['team/**'] },
        scanning: { mode: 'trivy-annotation' },
      });
      deps = {
        ...f.deps,
        config,
        policy: compilePolicy(config.policy),
        scans: new TrivyAnnotationScanReader(f.registry),
      };
    });

    /** Pushes an image, then the same image with `report` annotated (as `crane mutate` does), and its push event. */
    async function pushWithReport(repository: string, report: (configDigest: string) => object) {
      const image = await pushImage(sharedRegistryHost(), repository);
      const manifest = new TextEncoder().encode(
        JSON.stringify({
          schemaVersion: 2,
          mediaType: MediaTypes.ociManifest,
          config: image.config,
          layers: image.layers,
          annotations: { [TRIVY_SCAN_ANNOTATION]: JSON.stringify(report(image.config.digest)) },
        }),
      );
      const digest = await f.registry.putManifest(locator(repository), 'v1', {
        mediaType: MediaTypes.ociManifest,
        bytes: manifest,
      });
      const event = parsePipelineEvent(pushEvent({ repository, digest, tag: 'v1' }))!;
      return { digest, outcome: await handlePipelineEvent(deps, event) };
    }
    const dated = { SchemaVersion: 2, CreatedAt: new Date().toISOString(), Results: [] };

    it('counts a report whose ImageID is the config digest of the manifest', async () => {
      const { digest, outcome } = await pushWithReport('team/trivy-bound', (config) => ({
        ...dated,
        Metadata: { ImageID: config },
      }));

      expect(outcome.action).toBe('verified');
      expect((await f.store.get(key('team/trivy-bound', digest)))?.scan?.source).toBe('trivy');
    });

    it('ignores, with a reason, a report about another image: the digest stays PENDING', async () => {
      const { digest, outcome } = await pushWithReport('team/trivy-copied', () => ({
        ...dated,
        Metadata: {
          ImageID: `sha256:${'f'.repeat(64)}`,
          RepoDigests: [`team/other@sha256:${'e'.repeat(64)}`],
        },
      }));

      expect(outcome.action).toBe('pending');
      expect(outcome.detail).toMatch(/is about image 'sha256:f+'.*ignored/);
      expect((await f.store.get(key('team/trivy-copied', digest)))?.status).toBe('PENDING');
    });

    it('ignores a report whose RepoDigests name another manifest', async () => {
      const { outcome } = await pushWithReport('team/trivy-other-manifest', (config) => ({
        ...dated,
        Metadata: { ImageID: config, RepoDigests: [`team/trivy-other-manifest@sha256:${'e'.repeat(64)}`] },
      }));

      expect(outcome).toMatchObject({ action: 'pending' });
      expect(outcome.detail).toMatch(/RepoDigests .* do not include/);
    });

    it('rejects an undated report as stale instead of taking it as made now', async () => {
      const { digest, outcome } = await pushWithReport('team/trivy-undated', (config) => ({
        SchemaVersion: 2,
        Metadata: { ImageID: config },
        Results: [],
      }));

      expect(outcome.action).toBe('rejected');
      const verdict = await f.store.get(key('team/trivy-undated', digest));
      expect(verdict?.reasons[0]).toMatchObject({ code: 'SCAN_STALE' });
    });
  });
});
