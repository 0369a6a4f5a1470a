/**
 * Fault injection, switchable while the emulator runs: per operation (or `'*'` for all) a rate of
 * throttling and of ServerException, added latency, and errors forced on the next calls.
 */
import { EcrApiError, ecrErrors } from './errors';
import type { EcrOperation } from './wire';

/** What goes wrong with an operation; rates are probabilities between 0 and 1. */
export interface FaultSettings {
  /** Share of calls answered with HTTP 400 ThrottlingException. */
  readonly throttleRate?: number;
  /** Share of calls answered with HTTP 500 ServerException. */
  readonly serverErrorRate?: number;
  /** Delay before answering, in milliseconds. */
  readonly latencyMs?: number;
}

/** An error to answer with once, e.g. `{ type: 'AccessDeniedException', status: 400 }`. */
export interface ForcedError {
  readonly type: string;
  readonly message?: string;
  /** HTTP status; default 400 (500 for ServerException). */
  readonly status?: number;
}

/** What the server does with one call. */
export interface FaultDecision {
  readonly latencyMs: number;
  readonly error?: EcrApiError;
}

type Target = EcrOperation | '*';

/** Holds the fault settings; `decide` is asked once per call. */
export class FaultInjector {
  private readonly settings = new Map<Target, FaultSettings>();
  private readonly forced = new Map<Target, ForcedError[]>();
  private readonly random: () => number;

  /** `seed` makes the sequence of random faults repeatable. */
  constructor(seed = 1) {
    this.random = mulberry32(seed);
  }

  /** Replaces the settings of one operation, or of all (`'*'`) where an operation has none. */
  set(operation: Target, settings: FaultSettings): void {
    for (const rate of [settings.throttleRate, settings.serverErrorRate])
      if (rate !== undefined && !(rate >= 0 && rate <= 1))
        throw new RangeError(`rate ${rate} is not in [0, 1]`);
    this.settings.set(operation, settings);
  }

  /** Answers the next `times` calls of `operation` (or of any, `'*'`) with `error`. */
  failNext(operation: Target, error: ForcedError, times = 1): void {
    const queue = this.forced.get(operation) ?? [];
    for (let i = 0; i < times; i++) queue.push(error);
    this.forced.set(operation, queue);
  }

  /** No faults any more. */
  clear(): void {
    this.settings.clear();
    this.forced.clear();
  }

  decide(operation: EcrOperation): FaultDecision {
    const settings = this.settings.get(operation) ?? this.settings.get('*') ?? {};
    const latencyMs = settings.latencyMs ?? 0;
    const forced = this.forced.get(operation)?.shift() ?? this.forced.get('*')?.shift();
    if (forced) {
      const status = forced.status ?? (forced.type === 'ServerException' ? 500 : 400);
      return {
        latencyMs,
        error: new EcrApiError(forced.type, forced.message ?? `${forced.type} (injected)`, status),
      };
    }
    if (this.random() < (settings.throttleRate ?? 0)) return { latencyMs, error: ecrErrors.throttling() };
    if (this.random() < (settings.serverErrorRate ?? 0)) return { latencyMs, error: ecrErrors.server() };
    return { latencyMs };
  }
}

/** A small seeded PRNG (mulberry32): repeatable fault sequences across runs. */
function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
