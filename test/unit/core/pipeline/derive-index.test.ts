import { parseRuntimeConfig } from '../../../../functions/core/config/parse-runtime-config';
import type { PipelineEvent } from '../../../../functions/core/events/pipeline-event';
import { deriveIndex } from '../../../../functions/core/pipeline/derive-index';
import type { PipelineDeps } from '../../../../functions/core/pipeline/pipeline-deps';
import { compilePolicy } from '../../../../functions/core/policy/compile-policy';
import type { ImageSigning } from '../../../../functions/core/ports/image-signing';
import type { Registry } from '../../../../functions/core/ports/registry';
import { recordVerdict } from '../../../../functions/core/verdict/record-verdict';
import type { VerdictEvent } from '../../../../functions/core/verdict/verdict-event';
import { MemoryVerdictTable } from '../../../support/memory-verdict-table';
import { KEY, at, deleted, observed, passed, revokedByHand } from '../verdict/verdict-events';

const AMD = { ...KEY, digest: `sha256:${'b'.repeat(64)}` };
const ARM = { ...KEY, digest: `sha256:${'c'.repeat(64)}` };

/**
 * deriveIndex on a table in memory, with a signing port that records what it was asked to sign (the
 * signing itself is tested against the registry and cosign in test/integration).
 */
function setup(options: { signing?: boolean; handOff?: boolean } = {}) {
  const store = new MemoryVerdictTable();
  const signed: { digest: string; rootOnly?: boolean }[] = [];
  const handedOff: PipelineEvent[] = [];
  const signing: ImageSigning = {
    keyId: 'test-key',
    signAndVerify: (image, _scan, signedAt, opts) => {
      signed.push({ digest: image.digest, rootOnly: opts?.rootOnly });
      return Promise.resolve({
        keyId: 'test-key',
        signedDigests: [image.digest],
        artifacts: [],
        signedAt: signedAt.toISOString(),
      });
    },
  };
  const config = parseRuntimeConfig({
    allowlist: { registries: [{ host: KEY.registry }], repositories: ['team/**'] },
    policy: { version: 'p1', severityLimits: { CRITICAL: 0 } },
    scanning: { mode: 'basic', startScanOnPush: false },
  });
  const deps: PipelineDeps = {
    config,
    policy: compilePolicy(config.policy),
    store,
    leases: { acquire: () => Promise.resolve(true), release: () => Promise.resolve(true) },
    registry: {} as Registry,
    scans: { readScan: () => Promise.resolve(undefined) },
    ...(options.signing === false ? {} : { signing }),
    ...(options.handOff === false
      ? {}
      : {
          handOff: (e: PipelineEvent) => {
            handedOff.push(e);
            return Promise.resolve();
          },
        }),
    now: () => new Date(at(1000)),
    workerId: 'test',
  };
  const seed = async (key: typeof KEY, ...events: VerdictEvent[]) => {
    for (const e of events) await recordVerdict(store, key, e, { now: () => new Date(at(1000)) });
  };
  return { deps, store, signed, handedOff, seed };
}

const members = [
  { digest: AMD.digest, platform: 'linux/amd64' },
  { digest: ARM.digest, platform: 'linux/arm64' },
];

describe('deriveIndex', () => {
  it('waits while a platform is undecided, then signs the index alone once every platform is VERIFIED', async () => {
    const { deps, store, signed, seed } = setup();
    await store.putMemberships(KEY, members);
    await seed(AMD, passed('a', 5));
    expect(await deriveIndex(deps, KEY)).toMatchObject({ action: 'pending' });
    await seed(ARM, passed('b', 7));
    expect(await deriveIndex(deps, KEY)).toMatchObject({ action: 'verified', status: 'VERIFIED' });
    expect(signed).toEqual([{ digest: KEY.digest, rootOnly: true }]);
    expect((await store.get(KEY))?.decidedAt).toBe(at(7));
    // The same platform states again: nothing signed or written.
    expect(await deriveIndex(deps, KEY)).toMatchObject({ action: 'unchanged' });
    expect(signed).toHaveLength(1);
  });

  it('inherits the validity that ends first among its platforms, so a lookup of the index expires with them', async () => {
    const { deps, store, seed } = setup();
    await store.putMemberships(KEY, members);
    const validity = (validUntil: string | undefined, staleAt: string) => ({
      staleAt,
      graceEndsAt: at(9000),
      onStale: 'reject' as const,
      reviewAt: staleAt,
      ...(validUntil === undefined ? {} : { validUntil }),
    });
    await seed(AMD, { ...passed('a', 5), validity: validity(at(600), at(800)) });
    await seed(ARM, { ...passed('b', 7), validity: validity(undefined, at(700)) });

    expect(await deriveIndex(deps, KEY)).toMatchObject({ action: 'verified' });
    const index = await store.get(KEY);
    expect(index?.validUntil).toBe(at(600));
    expect(index?.validity?.staleAt).toBe(at(800));
  });

  it('rejects the index when a platform is deleted, naming it', async () => {
    const { deps, store, seed } = setup();
    await store.putMemberships(KEY, members);
    await seed(AMD, passed('a', 5));
    await seed(ARM, observed('o', 1), deleted('d', 6));
    const outcome = await deriveIndex(deps, KEY);
    expect(outcome).toMatchObject({ action: 'rejected', status: 'REJECTED' });
    expect(outcome.detail).toContain(`linux/arm64 (${ARM.digest}) is DELETED`);
  });

  it('a worker without a key hands the signing of the index over, or leaves it PENDING without a queue', async () => {
    const handing = setup({ signing: false });
    await handing.store.putMemberships(KEY, members);
    await handing.seed(AMD, passed('a', 5));
    await handing.seed(ARM, passed('b', 5));
    expect(await deriveIndex(handing.deps, KEY)).toMatchObject({ action: 'handed-off' });
    expect(handing.handedOff).toMatchObject([{ type: 'ReevaluationRequested', image: KEY }]);

    const stuck = setup({ signing: false, handOff: false });
    await stuck.store.putMemberships(KEY, members);
    await stuck.seed(AMD, passed('a', 5));
    await stuck.seed(ARM, passed('b', 5));
    expect(await deriveIndex(stuck.deps, KEY)).toMatchObject({ action: 'pending' });
  });

  it('signs nothing for an index held by a revocation by hand, unless an operator re-evaluates it', async () => {
    const { deps, store, signed, seed } = setup();
    await store.putMemberships(KEY, members);
    await seed(KEY, observed('o', 1), revokedByHand('m', 2));
    await seed(AMD, passed('a', 5));
    await seed(ARM, passed('b', 5));
    expect(await deriveIndex(deps, KEY)).toMatchObject({ action: 'unchanged', status: 'REVOKED' });
    expect(signed).toEqual([]);
    const operator = { id: 'manual:1', at: at(10), operator: true };
    expect(await deriveIndex(deps, KEY, operator)).toMatchObject({ action: 'verified', status: 'VERIFIED' });
  });

  it('an index with no recorded platform stays PENDING', async () => {
    const { deps } = setup();
    expect(await deriveIndex(deps, KEY)).toMatchObject({ action: 'pending' });
  });
});
