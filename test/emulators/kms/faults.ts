/**
 * Faults a test switches on while the emulator runs: throttling (ThrottlingException for a share of
 * requests) and added latency. Both apply to named operations or, when none are named, to all; a rule
 * for a named operation wins over the rule for all. Throttling is reproducible: requests are picked
 * evenly by a counter, or by a seeded pseudo-random sequence.
 */

/** Throttles a share of requests. */
export interface ThrottleRule {
  /** Share of requests answered with ThrottlingException: 0 (none, removes the rule) to 1 (all). */
  readonly rate: number;
  /** Operation names (`Sign`, `GetPublicKey`, ...); all operations when left out. */
  readonly operations?: readonly string[];
  /**
   * Without a seed, requests are picked evenly and the first one is always throttled: rate 0.5
   * throttles the 1st, 3rd, 5th...; rate 2/3 the 1st, 2nd, 4th, 5th... With a seed, a seeded
   * pseudo-random sequence picks them (same seed, same picks).
   */
  readonly seed?: number;
}

/** Delays the answer to requests. */
export interface LatencyRule {
  /** Added delay in milliseconds; 0 removes the rule. */
  readonly ms: number;
  /** Operation names; all operations when left out. */
  readonly operations?: readonly string[];
}

/** What the faults decide for one request. */
export interface FaultDecision {
  readonly delayMs: number;
  readonly throttle: boolean;
}

const ALL = '*';

/** Picks which requests to throttle. */
type Picker = () => boolean;

function evenPicker(rate: number): Picker {
  let n = 0;
  return () => {
    const pick = Math.ceil((n + 1) * rate) > Math.ceil(n * rate);
    n += 1;
    return pick;
  };
}

/** mulberry32: a small seeded generator, good enough to spread faults reproducibly. */
function seededPicker(rate: number, seed: number): Picker {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    const random = ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    return random < rate;
  };
}

/** The fault switches of one emulator. */
export class KmsFaults {
  private readonly throttles = new Map<string, Picker>();
  private readonly latencies = new Map<string, number>();

  /** Throttles a share of requests from now on (replaces earlier rules for the same operations). */
  throttle(rule: ThrottleRule): void {
    if (!(rule.rate >= 0 && rule.rate <= 1))
      throw new RangeError(`throttle rate ${rule.rate} is not in 0..1`);
    for (const scope of rule.operations ?? [ALL]) {
      if (rule.rate === 0) this.throttles.delete(scope);
      else
        this.throttles.set(
          scope,
          rule.seed === undefined ? evenPicker(rule.rate) : seededPicker(rule.rate, rule.seed),
        );
    }
  }

  /** Delays answers from now on (replaces earlier rules for the same operations). */
  latency(rule: LatencyRule): void {
    if (!(rule.ms >= 0 && Number.isFinite(rule.ms)))
      throw new RangeError(`latency ${rule.ms} ms is not >= 0`);
    for (const scope of rule.operations ?? [ALL]) {
      if (rule.ms === 0) this.latencies.delete(scope);
      else this.latencies.set(scope, rule.ms);
    }
  }

  /** Switches every fault off. */
  reset(): void {
    this.throttles.clear();
    this.latencies.clear();
  }

  /** Decides the faults of one request (advances the throttling sequence of its rule). */
  decide(operation: string): FaultDecision {
    const picker = this.throttles.get(operation) ?? this.throttles.get(ALL);
    return {
      delayMs: this.latencies.get(operation) ?? this.latencies.get(ALL) ?? 0,
      throttle: picker ? picker() : false,
    };
  }
}
