import { answerGatekeeper } from '../../../functions/core/admission/answer-gatekeeper';
import type { LookupDeps } from '../../../functions/core/lookup/lookup-deps';
import { lookupVerdict } from '../../../functions/core/lookup/lookup-verdict';
import { evaluateImage } from '../../../functions/core/pipeline/evaluate-image';
import type { PipelineDeps } from '../../../functions/core/pipeline/pipeline-deps';
import { reconcile } from '../../../functions/core/pipeline/reconcile';
import type { VerdictKey } from '../../../functions/core/verdict/verdict';
import { synthesiseScan, type ScanKind } from '../../emulators/ecr';
import { pushImage } from '../../harness/image-builder';
import { sharedRegistryHost } from '../../harness/services';
import { ECR_HOST, type PipelineFixture } from '../pipeline/pipeline-fixture';
import { body, inspectorScanEvent, scanEvent } from '../pipeline/sample-events';
import {
  DAY_MS,
  EXCEPTION_EXPIRES_AFTER_MS,
  HOUR_MS,
  SimulatedClock,
  startTenDays,
} from './ten-days-fixture';

/** Each image of the simulation: how it is scanned, and what its rescans find. */
const IMAGES = {
  'team/basic': { scanner: 'BASIC', rescanFinds: 'LOW' },
  'team/basic-strict': { scanner: 'BASIC', rescanFinds: 'LOW' },
  /** ECR completes its rescan, but the scan event is lost. */
  'team/lost-event-strict': { scanner: 'BASIC', rescanFinds: 'LOW', eventLost: true },
  'team/newcve-strict': { scanner: 'BASIC', rescanFinds: 'CRITICAL' },
  'team/inspector-strict': { scanner: 'ENHANCED', rescanFinds: 'LOW' },
  'team/excepted': { scanner: 'BASIC', rescanFinds: 'CRITICAL' },
  'team/ci-strict': { scanner: 'TRIVY', rescanFinds: 'LOW' },
} as const;
type Repository = keyof typeof IMAGES;
const REPOSITORIES = Object.keys(IMAGES) as Repository[];

interface Observation {
  readonly atMs: number;
  readonly allowed: boolean;
  readonly codes: readonly string[];
  /** The stored status, read after the reconciler's run of that hour. */
  readonly stored?: string;
}

const trivyReport = (createdAt: string) =>
  JSON.stringify({ SchemaVersion: 2, CreatedAt: createdAt, ArtifactName: 'ci', Results: [{ Target: 'ci' }] });

/**
 * Issue 11, point 4, on a clock: ten days and an hour, the reconciler every simulated hour, against
 * DynamoDB Local, the registry and the ECR emulator (its 24-hour StartImageScan rule on the same clock);
 * ECR finishes a started basic scan ten minutes later and sends its scan event; Inspector rescans by
 * itself every day and sends nothing.
 */
describe('ten simulated days of freshness', () => {
  const clock = new SimulatedClock(Math.ceil(Date.now() / HOUR_MS) * HOUR_MS + HOUR_MS);
  const START = clock.ms;
  const keys = {} as Record<Repository, VerdictKey>;
  const timeline = new Map<Repository, Observation[]>(REPOSITORIES.map((r) => [r, []]));
  const rescans = new Map<Repository, number>(REPOSITORIES.map((r) => [r, 0]));
  const failures: string[] = [];
  const atException: Record<string, unknown> = {};
  let sim: Awaited<ReturnType<typeof startTenDays>>;
  let f: PipelineFixture;
  let deps: PipelineDeps;
  let lookup: LookupDeps;

  const refOf = (repository: Repository) => `${ECR_HOST}/${repository}@${keys[repository].digest}`;
  const completeScan = async (repository: Repository, kind: ScanKind, severity: string, send = true) => {
    const digest = keys[repository].digest;
    f.ecr.scans.set(
      repository,
      digest,
      synthesiseScan(kind, 1, { severities: [severity], completedAt: clock.ms }),
    );
    const time = clock.now().toISOString();
    const event =
      kind === 'BASIC'
        ? scanEvent({ repository, digest, time })
        : inspectorScanEvent({ repository, digest, time });
    if (send) await f.deliver(body(event));
  };
  const observe = async (storedToo: boolean) => {
    for (const repository of REPOSITORIES) {
      const answer = await lookupVerdict(lookup, refOf(repository));
      const stored = storedToo ? (await f.store.get(keys[repository]))?.status : undefined;
      timeline.get(repository)!.push({
        atMs: clock.ms,
        allowed: answer.allowed,
        codes: answer.reasons.map((r) => r.code),
        ...(stored === undefined ? {} : { stored }),
      });
    }
  };

  beforeAll(async () => {
    sim = await startTenDays(clock);
    ({ f, deps, lookup } = { f: sim.f, deps: sim.f.deps, lookup: sim.lookup });
    for (const repository of REPOSITORIES) {
      const trivy = IMAGES[repository].scanner === 'TRIVY';
      const annotations = trivy ? { 'trivy.scan.result': trivyReport(clock.now().toISOString()) } : undefined;
      const image = await pushImage(sharedRegistryHost(), repository, {
        tags: 'v1',
        ...(annotations ? { annotations } : {}),
      });
      keys[repository] = { registry: ECR_HOST, repository, digest: image.digest };
    }
    // The first scans: on push (basic; team/excepted's finds the CRITICAL its exception covers), Inspector's initial scan, CI's report.
    for (const repository of REPOSITORIES) {
      const { scanner } = IMAGES[repository];
      if (scanner === 'TRIVY')
        await evaluateImage(deps, keys[repository], { id: 'ci', at: clock.now().toISOString() });
      else await completeScan(repository, scanner, repository === 'team/excepted' ? 'CRITICAL' : 'LOW');
    }
    await observe(true);

    let lastInspectorScan = START;
    for (let hour = 1; hour <= 241; hour++) {
      const t = START + hour * HOUR_MS;
      const expiry = START + EXCEPTION_EXPIRES_AFTER_MS;
      if (expiry > clock.ms && expiry <= t) {
        // The minute the exception expires, before any reconciler run: the lookup alone must deny.
        clock.set(expiry - 1);
        atException.before = await lookupVerdict(lookup, refOf('team/excepted'));
        clock.set(expiry);
        atException.at = await lookupVerdict(lookup, refOf('team/excepted'));
        atException.gatekeeper = await answerGatekeeper(lookup, {
          apiVersion: 'externaldata.gatekeeper.sh/v1beta1',
          kind: 'ProviderRequest',
          request: { keys: [refOf('team/excepted')] },
        });
        atException.stored = (await f.store.get(keys['team/excepted']))?.status;
      }
      clock.set(t);
      if (t - lastInspectorScan >= DAY_MS) {
        lastInspectorScan = t;
        const digest = keys['team/inspector-strict'].digest;
        f.ecr.scans.set(
          'team/inspector-strict',
          digest,
          synthesiseScan('ENHANCED', 1, { severities: ['LOW'], completedAt: t }),
        );
      }
      await observe(false);
      const report = await reconcile(deps);
      failures.push(...report.failures);
      // ECR finishes each scan the reconciler started ten minutes later, and sends its event.
      const started = REPOSITORIES.filter(
        (r) => f.ecr.scans.get(r, keys[r].digest)?.status === 'IN_PROGRESS',
      );
      if (started.length > 0) clock.set(t + 10 * 60_000);
      for (const repository of started) {
        rescans.set(repository, rescans.get(repository)! + 1);
        const image: { rescanFinds: string; eventLost?: boolean } = IMAGES[repository];
        await completeScan(repository, 'BASIC', image.rescanFinds, image.eventLost !== true);
      }
      const last = REPOSITORIES.map((r) => timeline.get(r)!.at(-1)!);
      for (const [i, repository] of REPOSITORIES.entries()) {
        timeline.get(repository)![timeline.get(repository)!.length - 1] = {
          ...last[i]!,
          stored: (await f.store.get(keys[repository]))?.status,
        };
      }
    }
  }, 600_000);
  afterAll(() => sim?.stop());

  const observations = (repository: Repository) => timeline.get(repository)!;
  const during = (repository: Repository, fromMs: number, toMs: number) =>
    observations(repository).filter((o) => o.atMs >= fromMs && o.atMs < toMs);

  it('runs every reconciler pass without a failure, over ten days and an hour', () => {
    expect(failures).toEqual([]);
    expect(observations('team/basic').at(-1)?.atMs).toBe(START + 241 * HOUR_MS);
  });

  it.each(['team/basic', 'team/basic-strict', 'team/lost-event-strict', 'team/inspector-strict'] as const)(
    'never denies %s, whose scanner can rescan and finds nothing new, though its first scan went stale',
    async (repository) => {
      expect(observations(repository).filter((o) => !o.allowed || o.stored !== 'VERIFIED')).toEqual([]);
      const verdict = await f.store.get(keys[repository]);
      expect(Date.parse(verdict!.scan!.completedAt)).toBeGreaterThanOrEqual(START + 7 * DAY_MS);
      const history = await f.store.history(keys[repository], 100);
      const staleNotes = history.filter(
        (h) => h.event.type === 'Evaluated' && h.event.reasons.some((r) => r.code === 'SCAN_STALE'),
      );
      // A basic scan was marked stale by the reconciler before its rescan; Inspector's was fresh when looked at.
      expect(staleNotes.length > 0).toBe(IMAGES[repository].scanner === 'BASIC');
    },
  );

  it('rescans a basic-scanned image once its scan is stale (StartImageScan, within the 24-hour rule)', () => {
    expect(rescans.get('team/basic')).toBe(1);
    expect(rescans.get('team/basic-strict')).toBe(1);
    expect(rescans.get('team/lost-event-strict')).toBe(1);
    // Its lost event: the next review (6 hours on) read the finished rescan; the rescan it asked for
    // again within 24 hours was refused by the emulator's rule (LimitExceededException, which the SDK
    // retries as throttling before giving up) and skipped.
    const refused = f.ecr.calls.log('StartImageScan').filter((c) => c.error === 'LimitExceededException');
    expect(refused.length).toBeGreaterThan(0);
  });

  it('rejects an image whose rescan finds a new CRITICAL, naming it, and not before', async () => {
    const rescanAt = START + 7 * DAY_MS;
    expect(during('team/newcve-strict', START, rescanAt).every((o) => o.allowed)).toBe(true);
    expect(during('team/newcve-strict', rescanAt + 1, Infinity).every((o) => !o.allowed)).toBe(true);
    const verdict = await f.store.get(keys['team/newcve-strict']);
    expect(verdict?.status).toBe('REJECTED');
    expect(verdict?.reasons.flatMap((r) => r.cveIds ?? [])).toContain('CVE-2099-00001');
  });

  it("keeps a Trivy image with onStale 'reject' allowed, with a warning, through its grace, then rejects it", () => {
    const staleAt = START + 7 * DAY_MS;
    const validUntil = START + 10 * DAY_MS;
    expect(
      during('team/ci-strict', START, staleAt).every((o) => o.allowed && !o.codes.includes('SCAN_STALE')),
    ).toBe(true);
    const grace = during('team/ci-strict', staleAt, validUntil);
    expect(grace.length).toBe(72);
    expect(grace.every((o) => o.allowed && o.codes[0] === 'SCAN_STALE' && o.stored === 'VERIFIED')).toBe(
      true,
    );
    const [atExpiry, ...after] = during('team/ci-strict', validUntil, Infinity);
    // Looked up at validUntil before that hour's reconciler run: denied by the clock, then REJECTED by the run.
    expect(atExpiry).toMatchObject({ atMs: validUntil, allowed: false, stored: 'REJECTED' });
    expect(atExpiry?.codes[0]).toBe('VERDICT_EXPIRED');
    expect(after.every((o) => !o.allowed && o.stored === 'REJECTED')).toBe(true);
  });

  it('denies an image whose exception expired at the lookup, the minute it expires, before any reconciler run', () => {
    const expiry = new Date(START + EXCEPTION_EXPIRES_AFTER_MS).toISOString();
    expect(atException.before).toMatchObject({ allowed: true, status: 'VERIFIED', validUntil: expiry });
    expect(atException.stored).toBe('VERIFIED');
    expect(atException.at).toMatchObject({ allowed: false, status: 'REJECTED', validUntil: expiry });
    expect(
      (atException.at as { reasons: { code: string; message: string; cveIds?: string[] }[] }).reasons[0],
    ).toMatchObject({
      code: 'VERDICT_EXPIRED',
      cveIds: ['CVE-2099-00001'],
    });
    expect(atException.gatekeeper).toMatchObject({
      response: { items: [{ value: { allowed: false, reasons: [{ code: 'VERDICT_EXPIRED' }] } }] },
    });
    const afterRun = during('team/excepted', START + EXCEPTION_EXPIRES_AFTER_MS, Infinity);
    expect(afterRun.every((o) => !o.allowed && o.stored === 'REJECTED')).toBe(true);
    expect(during('team/excepted', START, START + EXCEPTION_EXPIRES_AFTER_MS).every((o) => o.allowed)).toBe(
      true,
    );
  });
});
