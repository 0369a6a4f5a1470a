import { InvalidInputError } from '../../../../functions/core/errors';
import { MAX_KEPT_TAGS } from '../../../../functions/core/verdict/kept-tags';
import { recordVerdict } from '../../../../functions/core/verdict/record-verdict';
import { nextVerdict } from '../../../../functions/core/verdict/state-machine';
import { MemoryVerdictTable } from '../../../support/memory-verdict-table';
import { fold } from './fold';
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

describe('a revocation by hand holds until an operator re-evaluates', () => {
  const verifiedThenHeld = [observed('o1', 1, ['v1']), passed('e1', 2), revokedByHand('m1', 3)];

  it.each([
    ['a re-push of the same bytes', [observed('o2', 10, ['v2'])]],
    ['a delete and re-push', [deleted('d1', 10), observed('o2', 11, ['v1'])]],
    ['a new clean scan', [passed('e2', 10)]],
    ['a new automatic revocation', [revoked('r2', 10)]],
  ])('%s leaves it REVOKED, naming who revoked it', (_what, after) => {
    const { verdict } = fold([...verifiedThenHeld, ...after]);
    expect(verdict?.status).toBe('REVOKED');
    expect(verdict?.reasons[0]?.code).toBe('MANUAL');
  });

  it('a deletion shows DELETED, and a re-push after it is held again', () => {
    expect(fold([...verifiedThenHeld, deleted('d1', 10)]).verdict?.status).toBe('DELETED');
    const back = fold([...verifiedThenHeld, deleted('d1', 10), observed('o2', 11), passed('e2', 12)]);
    expect(back.verdict?.status).toBe('REVOKED');
  });

  it("an operator's re-evaluation newer than it decides again, pass or fail", () => {
    expect(fold([...verifiedThenHeld, operator(passed('x1', 10))]).verdict?.status).toBe('VERIFIED');
    expect(fold([...verifiedThenHeld, operator(failed('x1', 10))]).verdict?.status).toBe('REJECTED');
  });

  it("an operator's re-evaluation older than it changes nothing", () => {
    expect(fold([...verifiedThenHeld, operator(passed('x1', 2))]).verdict?.status).toBe('REVOKED');
  });

  it('an automatic revocation is undone only by evidence newer than it', () => {
    const auto = [observed('o1', 1), passed('e1', 2), revoked('r1', 5)];
    // The closed finding re-runs the evaluation, but on the scan of second 2: older than the revocation.
    expect(fold([...auto, passed('e1-again', 2)]).verdict?.status).toBe('REVOKED');
    expect(fold([...auto, passed('e2', 6)]).verdict?.status).toBe('VERIFIED');
  });
});

describe('event times in the future', () => {
  it('an event more than CLOCK_SKEW_MS after now is invalid input and writes nothing', async () => {
    const table = new MemoryVerdictTable();
    const now = () => new Date(at(0));
    await expect(recordVerdict(table, KEY, observed('o1', 301), { now })).rejects.toThrow(InvalidInputError);
    expect(table.puts).toHaveLength(0);
    await expect(recordVerdict(table, KEY, observed('o1', 299), { now })).resolves.toMatchObject({
      changed: true,
    });
  });
});

describe('tags are bounded', () => {
  it(`keeps the newest ${MAX_KEPT_TAGS} tags, newest last, and counts them all`, () => {
    const events = Array.from({ length: 50 }, (_, i) =>
      observed(`o${i}`, i, [`t${String(i).padStart(2, '0')}`]),
    );
    const newest = events.slice(-MAX_KEPT_TAGS).map((e) => e.tags?.[0]);
    expect(fold(events).verdict).toMatchObject({ tags: newest, tagCount: 50 });
    // Late pushes of tags older than all kept ones are dropped (and not counted): the kept tags are the same.
    expect(fold([...events].reverse()).verdict?.tags).toEqual(newest);
  });

  it('after 10,000 pushes of new 120-character tags the item stays small and a revocation works', () => {
    let verdict = fold([observed('o', 0, ['first']), passed('e', 1)]).verdict;
    for (let i = 0; i < 10_000; i++) {
      const tag = `${String(i).padStart(6, '0')}${'x'.repeat(114)}`;
      verdict = nextVerdict(verdict, observed(`p${i}`, 2 + i / 1000, [tag]), {
        key: KEY,
        now: at(20),
      }).verdict;
    }
    expect(Buffer.byteLength(JSON.stringify(verdict), 'utf8')).toBeLessThan(20_000);
    expect(verdict?.tags).toHaveLength(MAX_KEPT_TAGS);
    expect(verdict?.tagCount).toBe(10_001);
    const after = nextVerdict(verdict, revokedByHand('m', 30), { key: KEY, now: at(31) }).verdict;
    expect(after.status).toBe('REVOKED');
  });

  it('an Untagged event removes only its tag, whatever the order, and never the status', () => {
    const events = [
      observed('o1', 1, ['v1']),
      observed('o2', 2, ['v2']),
      passed('e', 3),
      untagged('u', 4, ['v1']),
    ];
    for (const order of [events, [...events].reverse()]) {
      const { verdict } = fold(order);
      expect(verdict).toMatchObject({ status: 'VERIFIED', tags: ['v2'], tagCount: 2 });
    }
    // A push of the tag after its removal brings it back.
    expect(fold([...events, observed('o3', 5, ['v1'])]).verdict?.tags).toEqual(['v2', 'v1']);
  });

  it('a verdict stored before tags were bounded keeps its tags and learns new ones', () => {
    const { verdict } = fold([observed('o1', 1, ['a', 'b']), passed('e', 2)]);
    // eslint-disable-next-line @typescript-eslint/no-unused-vars
    const { keptTags, tagCount, ...legacy } = verdict!;
    const next = nextVerdict(legacy, observed('o2', 3, ['c']), { key: KEY, now: at(4) }).verdict;
    expect(next).toMatchObject({ tags: ['a', 'b', 'c'], tagCount: 3 });
  });
});
