import fc from 'fast-check';
import { compareEvents } from '../../../../functions/core/verdict/event-order';
import { nextState, nextVerdict, statusOf } from '../../../../functions/core/verdict/state-machine';
import type { TransitionState } from '../../../../functions/core/verdict/transition-state';
import type { VerdictStatus } from '../../../../functions/core/verdict/verdict';
import type { VerdictEvent } from '../../../../functions/core/verdict/verdict-event';
import { fold, semantic } from './fold';
import {
  KEY,
  at,
  deleted,
  failed,
  observed,
  operator,
  passed,
  revoked,
  revokedByHand,
  untagged,
} from './verdict-events';

/**
 * The property the state machine promises (state-machine.ts, "Ordering rule"):
 *
 *   For every finite set S of distinct events and every arrival sequence A that contains each event of
 *   S at least once (any order, any duplicates), applying A with nextVerdict gives
 *   (1) the status of the transition table applied to S sorted by compareEvents (the oracle), and
 *   (2) the same verdict, except updatedAt and version, as applying S in event order;
 *   (3) applying any event of S again changes nothing; (4) version counts the changes, at most |S|.
 *
 * Times come from six seconds only, so ties between events are common.
 */
type Spec = {
  kind: 'O' | 'P' | 'F' | 'R' | 'D' | 'OP' | 'OF' | 'RM' | 'U';
  second: number;
  tag: string;
};

const specArb: fc.Arbitrary<Spec> = fc.record({
  kind: fc.constantFrom('O', 'P', 'F', 'R', 'D', 'OP', 'OF', 'RM', 'U'),
  second: fc.integer({ min: 0, max: 5 }),
  tag: fc.constantFrom('latest', 'v1', 'v2'),
});

function build(spec: Spec, id: string): VerdictEvent {
  switch (spec.kind) {
    case 'O':
      return observed(id, spec.second, [spec.tag]);
    case 'P':
      return passed(id, spec.second);
    case 'F':
      return failed(id, spec.second);
    case 'R':
      return revoked(id, spec.second);
    case 'D':
      return deleted(id, spec.second);
    case 'OP':
      return operator(passed(id, spec.second));
    case 'OF':
      return operator(failed(id, spec.second));
    case 'RM':
      return revokedByHand(id, spec.second);
    case 'U':
      return untagged(id, spec.second, [spec.tag]);
  }
}

const eventSetArb = fc
  .array(specArb, { minLength: 1, maxLength: 8 })
  .map((specs) => specs.map((spec, i) => build(spec, `ev${i}`)));

/** A set of events and an arrival order: every event at least once, some twice or more, shuffled. */
const arrivalArb = eventSetArb.chain((set) =>
  fc
    .array(fc.constantFrom(...set), { maxLength: 6 })
    .chain((duplicates) => {
      const all = [...set, ...duplicates];
      return fc.shuffledSubarray(all, { minLength: all.length, maxLength: all.length });
    })
    .map((arrival) => ({ set, arrival })),
);

/** The oracle: the transition table, applied to every event in event order. */
function tableStatus(set: readonly VerdictEvent[]): VerdictStatus | undefined {
  const states = [...set].sort(compareEvents).flatMap((e) => (e.type === 'Untagged' ? [] : [e]));
  const end = states.reduce<TransitionState>(nextState, 'NONE');
  // Only Untagged events: no status event, the verdict is PENDING (it exists for its tags).
  return set.length > 0 && states.length === 0 ? 'PENDING' : statusOf(end);
}

const RUNS = { numRuns: 1000 };

describe('order independence (property)', () => {
  it('(1) any arrival order and duplication ends in the status the table gives in event order', () => {
    fc.assert(
      fc.property(arrivalArb, ({ set, arrival }) => {
        expect(fold(arrival).verdict?.status).toBe(tableStatus(set));
      }),
      RUNS,
    );
  });

  it('(2) any arrival order and duplication ends in the same verdict as event order', () => {
    fc.assert(
      fc.property(arrivalArb, ({ set, arrival }) => {
        const inOrder = [...set].sort(compareEvents);
        expect(semantic(fold(arrival).verdict)).toEqual(semantic(fold(inOrder).verdict));
      }),
      RUNS,
    );
  });

  it('(3) applying an event again changes nothing', () => {
    fc.assert(
      fc.property(arrivalArb, ({ set, arrival }) => {
        const { verdict } = fold(arrival);
        for (const event of set) {
          const step = nextVerdict(verdict, event, { key: KEY, now: at(1000) });
          expect(step.changed).toBe(false);
          expect(step.verdict).toBe(verdict);
        }
      }),
      RUNS,
    );
  });

  it('(4) version counts the changes, and there are at most as many as distinct events', () => {
    fc.assert(
      fc.property(arrivalArb, ({ set, arrival }) => {
        const { verdict, changes } = fold(arrival);
        expect(verdict?.version).toBe(changes);
        expect(changes).toBeLessThanOrEqual(set.length);
      }),
      RUNS,
    );
  });
});

describe('late events (property)', () => {
  /**
   * For a decided verdict (not PENDING), an event older than the event that decided it (`decidedAt`)
   * leaves the status as it is, except a Deleted turning REVOKED into DELETED or PENDING, and a
   * revocation by hand, which holds against every automatic evaluation after it.
   */
  it('an event older than the decision never changes a decided status, but for the one exception', () => {
    fc.assert(
      fc.property(arrivalArb, specArb, ({ arrival }, lateSpec) => {
        const { verdict } = fold(arrival);
        const late = build(lateSpec, 'late');
        fc.pre(verdict?.decidedAt !== undefined && late.at < verdict.decidedAt);
        const after = nextVerdict(verdict, late, { key: KEY, now: at(1000) }).verdict.status;
        const exception = verdict?.status === 'REVOKED' && late.type === 'Deleted';
        // A revocation by hand holds against every automatic evaluation after it, however late it arrives.
        const held = late.type === 'Revoked' && late.manual === true;
        const allowed = held
          ? [verdict?.status, 'REVOKED', 'DELETED']
          : exception
            ? [verdict.status, 'DELETED', 'PENDING']
            : [verdict?.status];
        expect(allowed).toContain(after);
      }),
      RUNS,
    );
  });

  it('a late event never turns a denial into VERIFIED unless it is newer than the decision', () => {
    fc.assert(
      fc.property(arrivalArb, specArb, ({ arrival }, lateSpec) => {
        const { verdict } = fold(arrival);
        const late = build(lateSpec, 'late');
        fc.pre(verdict !== undefined && verdict.status !== 'VERIFIED' && verdict.status !== 'PENDING');
        const after = nextVerdict(verdict, late, { key: KEY, now: at(1000) }).verdict.status;
        if (after === 'VERIFIED') expect(late.at >= (verdict?.decidedAt ?? '')).toBe(true);
      }),
      RUNS,
    );
  });
});
