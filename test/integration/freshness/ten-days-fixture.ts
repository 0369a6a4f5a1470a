import { ECRClient } from '@aws-sdk/client-ecr';
import { EcrScanReader } from '../../../functions/adapters/ecr/ecr-scan-reader';
import { TrivyAnnotationScanReader } from '../../../functions/adapters/registry/trivy-annotation-scan-reader';
import type { RuntimeConfigInput } from '../../../functions/core/config/runtime-config';
import { staticSealKeys } from '../../../functions/core/lookup/cached-seal-keys';
import { trustedSealKeys } from '../../../functions/core/verdict/verdict-seal';
import type { LookupDeps } from '../../../functions/core/lookup/lookup-deps';
import type { ScanReader } from '../../../functions/core/ports/scan-reader';
import { ACCOUNT, REGION, startPipelineFixture, type PipelineFixture } from '../pipeline/pipeline-fixture';

export const HOUR_MS = 3_600_000;
export const DAY_MS = 24 * HOUR_MS;

/** A clock the test moves: the pipeline, the lookups and the ECR emulator's 24-hour rule all read it. */
export class SimulatedClock {
  constructor(private nowMs: number) {}
  readonly now = (): Date => new Date(this.nowMs);
  get ms(): number {
    return this.nowMs;
  }
  set(ms: number): void {
    if (ms < this.nowMs) throw new Error('a simulated clock never goes back');
    this.nowMs = ms;
  }
}

/** The exception of team/excepted's CRITICAL finding expires at this offset from the start (not on the hour). */
export const EXCEPTION_EXPIRES_AFTER_MS = 4 * DAY_MS + 7 * HOUR_MS + 13 * 60_000;

/**
 * The policy of the simulation: a week of freshness and three days of grace (the defaults), onStale
 * warn by default and reject for `team/*-strict`; CI reports trusted for `team/ci-*`; one exception
 * for team/excepted's CRITICAL finding.
 */
export function tenDaysConfig(startMs: number): RuntimeConfigInput {
  return {
    allowlist: { registries: [{ accountId: ACCOUNT, region: REGION }], repositories: ['team/**'] },
    policy: {
      version: 'freshness-1',
      severityLimits: { CRITICAL: 0, HIGH: 0 },
      maxScanAgeHours: 168,
      staleGraceHours: 72,
      trustTrivyReportFor: ['team/ci-*'],
      repositoryOverrides: [{ pattern: 'team/*-strict', onStale: 'reject' }],
      exceptions: [
        {
          id: 'CVE-2099-00001',
          reason: 'not reachable at run time',
          expires: new Date(startMs + EXCEPTION_EXPIRES_AFTER_MS).toISOString(),
          repositories: ['team/excepted'],
        },
      ],
    },
    scanning: { mode: 'basic', startScanOnPush: true },
  };
}

/**
 * The pipeline fixture on the simulated clock. Scans are read as a deployment reads them: ECR's
 * DescribeImageScanFindings for ECR-scanned repositories, the CI-attached Trivy report for `team/ci-*`
 * (one deployment has one of the two; the simulation holds both kinds of image).
 */
export async function startTenDays(clock: SimulatedClock) {
  const f = await startPipelineFixture({ config: tenDaysConfig(clock.ms), now: clock.now });
  const ecrClient = new ECRClient({ endpoint: f.ecr.endpoint, region: REGION });
  const ecr = new EcrScanReader(ecrClient);
  const trivy = new TrivyAnnotationScanReader(f.registry, clock.now);
  const scans: ScanReader = {
    readScan: (image) => (image.repository.startsWith('team/ci-') ? trivy : ecr).readScan(image),
  };
  const fixture: PipelineFixture = { ...f, deps: { ...f.deps, scans } };
  const lookup: LookupDeps = {
    store: f.store,
    config: f.deps.config,
    publicKeys: {
      get: () => Promise.resolve(undefined),
      list: () => Promise.resolve(undefined),
    },
    now: clock.now,
    timeoutMs: 5000,
    // The signer's own key, as a deployment gives it: the pipeline seals what it verifies.
    sealKeys: staticSealKeys(trustedSealKeys([await f.signer.publicKeyPem()])),
  };
  return {
    f: fixture,
    lookup,
    stop: async () => {
      ecrClient.destroy();
      await f.stop();
    },
  };
}
