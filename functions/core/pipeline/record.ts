import type { PipelineEvent } from '../events/pipeline-event';
import type { VerdictSealer } from '../verdict/verdict-sealer';
import type { Verdict, VerdictKey } from '../verdict/verdict';
import type { VerdictEvent } from '../verdict/verdict-event';
import { recordVerdict, type RecordResult } from '../verdict/record-verdict';
import { DEFAULT_SEAL_LIFETIME_HOURS, type Preseal, type Sealing } from '../verdict/seal-step';
import type { VerdictStore } from '../verdict/verdict-store';

/** A verdict this evaluation already read (consistently) or wrote: `undefined` when there is none. */
export interface KnownVerdict {
  readonly verdict: Verdict | undefined;
}

/** What `record` needs: the store and clock, and where this process has them, a sealer or a hand-off. */
export interface RecordDeps {
  readonly store: Pick<VerdictStore, 'get' | 'putIfVersion'>;
  readonly now: () => Date;
  readonly sealer?: VerdictSealer;
  readonly config?: { readonly sealing?: { readonly lifetimeHours: number } };
  readonly handOff?: (event: PipelineEvent) => Promise<void>;
}

/**
 * Records one event with the pipeline's own clock (`deps.now`): the clock that stamps `updatedAt` and
 * judges whether an event time is in the future is the one the use case was given, never the host's.
 *
 * Given the verdict this evaluation already holds (`known`), the write engine starts from it instead of
 * reading it again: its put is conditional on that version, so if the verdict changed meanwhile the put
 * is refused and the engine reads the stored one and tries again, as after any lost race.
 *
 * VERIFIED verdicts are sealed with `deps.sealer` (the signer, the local mode); a writer without one
 * that had to write a VERIFIED verdict it could not seal hands the image to the signer for a seal.
 * Under a signing lease: a `preseal` (made beside the signing: preseal.ts) replaces the seal only where
 * its content is exactly the verdict's (seal-step.ts); `releaseLeaseOf` gives the lease up in the same
 * write (`leaseReleased`), where the verdict changes.
 */
export async function record(
  deps: RecordDeps,
  key: VerdictKey,
  event: VerdictEvent,
  known?: KnownVerdict,
  lease: { readonly preseal?: Preseal; readonly releaseLeaseOf?: string } = {},
): Promise<RecordResult> {
  const { preseal, releaseLeaseOf } = lease;
  const sealing = { ...sealingOf(deps), ...(preseal === undefined ? {} : { preseal }) };
  const store = known ? startingFrom(deps.store, known) : deps.store;
  const result = await recordVerdict(store, key, event, {
    now: deps.now,
    sealing,
    ...(releaseLeaseOf === undefined ? {} : { releaseLeaseOf }),
  });
  if (result.unsealed && deps.handOff !== undefined) {
    const at = deps.now().toISOString();
    await deps.handOff({
      type: 'ResealRequested',
      image: key,
      id: `seal:${event.id}`.slice(0, 256),
      at,
      reason: 'written unsealed',
    });
  }
  return result;
}

/** How `deps` seals: its sealer, where it has one, and the configured seal lifetime. */
export function sealingOf(deps: Pick<RecordDeps, 'sealer' | 'config'>): Sealing {
  const lifetimeHours = deps.config?.sealing?.lifetimeHours ?? DEFAULT_SEAL_LIFETIME_HOURS;
  return deps.sealer === undefined ? { lifetimeHours } : { sealer: deps.sealer, lifetimeHours };
}

/** The store, whose first `get` answers `known` without a read; later ones read. */
function startingFrom(
  store: Pick<VerdictStore, 'get' | 'putIfVersion'>,
  known: KnownVerdict,
): Pick<VerdictStore, 'get' | 'putIfVersion'> {
  let first = true;
  return {
    get: (key, options) => {
      if (!first) return store.get(key, options);
      first = false;
      return Promise.resolve(known.verdict);
    },
    putIfVersion: (...args) => store.putIfVersion(...args),
  };
}
