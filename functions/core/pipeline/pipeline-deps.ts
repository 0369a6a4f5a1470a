import type { RuntimeConfig } from '../config/runtime-config';
import type { PipelineEvent } from '../events/pipeline-event';
import type { CompiledPolicy } from '../policy/compiled-policy';
import type { DiscoveryCursorStore, ImageLister } from '../ports/image-lister';
import type { Registry } from '../ports/registry';
import type { ScanReader, ScanStarter } from '../ports/scan-reader';
import type { ImageSigning } from '../ports/image-signing';
import type { SigningLease } from '../ports/signing-lease';
import type { VerdictSealer } from '../verdict/verdict-sealer';
import type { VerdictStore } from '../verdict/verdict-store';

/** Everything the pipeline's use cases need, as ports: the handlers and `npm start` wire adapters in. */
export interface PipelineDeps {
  readonly config: RuntimeConfig;
  readonly policy: CompiledPolicy;
  readonly store: VerdictStore;
  /** Two workers never sign one digest at once. */
  readonly leases: SigningLease;
  readonly registry: Registry;
  readonly scans: ScanReader;
  readonly scanStarter?: ScanStarter;
  /** Lists repositories and images, so the reconciler finds pushes whose event was lost (AWS). */
  readonly imageLister?: ImageLister;
  /** Where the reconciler's discovery stopped, per registry. */
  readonly discoveryCursors?: DiscoveryCursorStore;
  /** Only the signing function holds a key and loads the signing code; the others hand over (`handOff`). */
  readonly signing?: ImageSigning;
  /** Seals VERIFIED verdicts (the signer's key): held where `signing` is; the others hand over. */
  readonly sealer?: VerdictSealer;
  /** Sends an event to the signing function's queue (AWS); absent where this process signs itself. */
  readonly handOff?: (event: PipelineEvent) => Promise<void>;
  readonly now: () => Date;
  /** Names this worker in signing leases. */
  readonly workerId: string;
  /** How long a signing lease lasts; longer than one signing takes. */
  readonly signingLeaseMs?: number;
}

/** What handling one event did, for logs, metrics and tests. */
export interface PipelineOutcome {
  readonly action:
    | 'skipped'
    | 'recorded'
    | 'verified'
    | 'rejected'
    | 'pending'
    | 'revoked'
    | 'restored'
    | 'deleted'
    | 'handed-off'
    | 'resealed'
    | 'unchanged';
  readonly detail?: string;
  readonly status?: string;
  /** When the digest was first seen, for the time-from-push-to-verdict metric. */
  readonly firstSeenAt?: string;
}
