import { InvalidInputError } from '../../../../functions/core/errors';
import { nextVerdict } from '../../../../functions/core/verdict/state-machine';
import type { VerdictStatus } from '../../../../functions/core/verdict/verdict';
import type { VerdictEvent } from '../../../../functions/core/verdict/verdict-event';
import { fold } from './fold';
import { KEY, at, deleted, failed, observed, passed, revoked } from './verdict-events';

type Row = 'NONE' | VerdictStatus;
type Column = 'Observed' | 'Evaluated(pass)' | 'Evaluated(fail)' | 'Revoked' | 'Deleted';

/** How to reach each row, with events at seconds 1-3. */
const SETUP: Record<Row, VerdictEvent[]> = {
  NONE: [],
  PENDING: [observed('o1', 1, ['v1'])],
  VERIFIED: [observed('o1', 1, ['v1']), passed('e1', 2)],
  REJECTED: [observed('o1', 1, ['v1']), failed('e1', 2)],
  REVOKED: [observed('o1', 1, ['v1']), passed('e1', 2), revoked('r1', 3)],
  DELETED: [observed('o1', 1, ['v1']), deleted('d1', 2)],
};

/** The event of each column, newer than every setup event. */
const COLUMN: Record<Column, VerdictEvent> = {
  Observed: observed('o9', 10, ['v2']),
  'Evaluated(pass)': passed('e9', 10),
  'Evaluated(fail)': failed('e9', 10),
  Revoked: revoked('r9', 10),
  Deleted: deleted('d9', 10),
};

/** The brief's transition rules, written out independently of the implementation's table. */
const EXPECTED: [Row, Column, VerdictStatus][] = [
  ['NONE', 'Observed', 'PENDING'],
  ['NONE', 'Evaluated(pass)', 'VERIFIED'],
  ['NONE', 'Evaluated(fail)', 'REJECTED'],
  ['NONE', 'Revoked', 'PENDING'],
  ['NONE', 'Deleted', 'DELETED'],
  ['PENDING', 'Observed', 'PENDING'],
  ['PENDING', 'Evaluated(pass)', 'VERIFIED'],
  ['PENDING', 'Evaluated(fail)', 'REJECTED'],
  ['PENDING', 'Revoked', 'PENDING'],
  ['PENDING', 'Deleted', 'DELETED'],
  ['VERIFIED', 'Observed', 'VERIFIED'],
  ['VERIFIED', 'Evaluated(pass)', 'VERIFIED'],
  ['VERIFIED', 'Evaluated(fail)', 'REJECTED'],
  ['VERIFIED', 'Revoked', 'REVOKED'],
  ['VERIFIED', 'Deleted', 'DELETED'],
  ['REJECTED', 'Observed', 'REJECTED'],
  ['REJECTED', 'Evaluated(pass)', 'VERIFIED'],
  ['REJECTED', 'Evaluated(fail)', 'REJECTED'],
  ['REJECTED', 'Revoked', 'REVOKED'],
  ['REJECTED', 'Deleted', 'DELETED'],
  ['REVOKED', 'Observed', 'REVOKED'],
  ['REVOKED', 'Evaluated(pass)', 'VERIFIED'],
  ['REVOKED', 'Evaluated(fail)', 'REJECTED'],
  ['REVOKED', 'Revoked', 'REVOKED'],
  ['REVOKED', 'Deleted', 'DELETED'],
  ['DELETED', 'Observed', 'PENDING'],
  ['DELETED', 'Evaluated(pass)', 'VERIFIED'],
  ['DELETED', 'Evaluated(fail)', 'REJECTED'],
  ['DELETED', 'Revoked', 'DELETED'],
  ['DELETED', 'Deleted', 'DELETED'],
];

describe('nextVerdict, events in order', () => {
  it.each(Object.entries(SETUP) as [Row, VerdictEvent[]][])('the setup of %s reaches it', (row, events) => {
    expect(fold(events).verdict?.status).toBe(row === 'NONE' ? undefined : row);
  });

  it.each(EXPECTED)('%s + %s -> %s', (row, column, expected) => {
    // Prepare
    const { verdict: before } = fold(SETUP[row]);
    // Act
    const step = nextVerdict(before, COLUMN[column], { key: KEY, now: at(100) });
    // Assess
    expect(step.verdict.status).toBe(expected);
    expect(step.changed).toBe(true);
    expect(step.verdict.version).toBe((before?.version ?? 0) + 1);
    expect(step.verdict.updatedAt).toBe(at(100));
    expect(step.verdict.lastEventAt).toBe(at(10));
  });
});

describe('nextVerdict, what each status carries', () => {
  it('a pass records the signature, scan, policy version and decision time', () => {
    const { verdict } = fold([observed('o1', 1, ['v1']), passed('e1', 5)]);
    expect(verdict).toMatchObject({
      status: 'VERIFIED',
      policyVersion: 'policy-e1',
      scan: { source: 'ecr-basic', severityCounts: { LOW: 2 } },
      signature: { keyId: expect.stringContaining('e1') as string },
      decidedAt: at(5),
      firstSeenAt: at(1),
      tags: ['v1'],
    });
  });

  it('a revocation names the CVE and keeps the signature that is no longer trusted', () => {
    const { verdict } = fold([passed('e1', 1), revoked('r1', 2, 'CVE-2025-1234')]);
    expect(verdict?.status).toBe('REVOKED');
    expect(verdict?.reasons[0]?.cveIds).toEqual(['CVE-2025-1234']);
    expect(verdict?.signature?.keyId).toContain('e1');
    expect(verdict?.decidedAt).toBe(at(2));
  });

  it('a PENDING verdict has no reasons, decision time, or evaluation', () => {
    const { verdict } = fold([passed('e1', 1), deleted('d1', 2), observed('o1', 3)]);
    expect(verdict?.status).toBe('PENDING');
    expect(verdict?.reasons).toEqual([]);
    expect(verdict?.decidedAt).toBeUndefined();
    expect(verdict?.signature).toBeUndefined();
  });

  it('a DELETED verdict says so', () => {
    const { verdict } = fold([observed('o1', 1), deleted('d1', 2)]);
    expect(verdict?.reasons.map((r) => r.code)).toEqual(['IMAGE_DELETED']);
  });
});

describe('nextVerdict, late and repeated events', () => {
  it('a late PUSH after the scan verdict does not move it back to PENDING', () => {
    const { verdict, changes } = fold([passed('e1', 5), observed('o1', 1, ['v1'])]);
    expect(verdict?.status).toBe('VERIFIED');
    expect(verdict?.tags).toEqual(['v1']);
    expect(verdict?.firstSeenAt).toBe(at(1));
    expect(changes).toBe(2);
  });

  it('a new tag on a decided digest only adds the tag', () => {
    const { verdict: before } = fold([observed('o1', 1, ['v1']), failed('e1', 2)]);
    const step = nextVerdict(before, observed('o2', 3, ['v2']), { key: KEY, now: at(100) });
    expect(step.verdict.status).toBe('REJECTED');
    expect(step.verdict.tags).toEqual(['v1', 'v2']);
    expect(step.verdict.reasons).toEqual(before?.reasons);
    expect(step.verdict.decidedAt).toBe(before?.decidedAt);
  });

  it('a duplicate delivery changes nothing and returns the same verdict', () => {
    const { verdict: before } = fold([observed('o1', 1), passed('e1', 2)]);
    const step = nextVerdict(before, passed('e1', 2), { key: KEY, now: at(100) });
    expect(step.changed).toBe(false);
    expect(step.verdict).toBe(before);
  });

  it('a duplicate written with another time zone is still a duplicate', () => {
    const { verdict: before } = fold([observed('o1', 1)]);
    const sameInstant = { ...observed('o1', 1), at: '2025-03-01T13:00:01+01:00' };
    expect(nextVerdict(before, sameInstant, { key: KEY, now: at(100) }).changed).toBe(false);
  });

  it('an evaluation older than the newest one changes nothing', () => {
    const { verdict: before } = fold([observed('o1', 1), passed('e2', 5)]);
    const step = nextVerdict(before, failed('e1', 3), { key: KEY, now: at(100) });
    expect(step.changed).toBe(false);
    expect(step.verdict.status).toBe('VERIFIED');
  });

  it('a push older than a deletion does not bring the image back', () => {
    const { verdict } = fold([deleted('d1', 5), observed('o1', 3)]);
    expect(verdict?.status).toBe('DELETED');
  });

  it('a re-push after a deletion opens the verdict again', () => {
    const { verdict } = fold([observed('o1', 1), passed('e1', 2), deleted('d1', 3), observed('o2', 4)]);
    expect(verdict?.status).toBe('PENDING');
  });

  it('a revocation that arrives before its evaluation still counts', () => {
    const { verdict } = fold([observed('o1', 1), revoked('r1', 5), passed('e1', 3)]);
    expect(verdict?.status).toBe('REVOKED');
  });

  it('the one documented exception: a late deletion between evaluation and revocation wins', () => {
    const { verdict } = fold([passed('e1', 1), revoked('r1', 5), deleted('d1', 3)]);
    expect(verdict?.status).toBe('DELETED');
  });

  it('events at the same instant: a fail beats a pass, a deletion beats everything', () => {
    expect(fold([failed('e1', 2), passed('e2', 2)]).verdict?.status).toBe('REJECTED');
    expect(fold([passed('e2', 2), failed('e1', 2)]).verdict?.status).toBe('REJECTED');
    expect(fold([deleted('d1', 2), observed('o1', 2), passed('e1', 2)]).verdict?.status).toBe('DELETED');
  });
});

describe('nextVerdict, refusals', () => {
  it('throws for a pass without a signature', () => {
    const noSignature = { ...failed('e1', 1), outcome: 'pass' } as unknown as VerdictEvent;
    expect(() => nextVerdict(undefined, noSignature, { key: KEY, now: at(0) })).toThrow(InvalidInputError);
  });

  it('throws for a verdict of another image', () => {
    const { verdict } = fold([observed('o1', 1)]);
    const other = { ...KEY, digest: `sha256:${'b'.repeat(64)}` };
    expect(() => nextVerdict(verdict, observed('o2', 2), { key: other, now: at(0) })).toThrow(/cannot take/);
  });

  it.each([
    ['a time without a zone', { ...observed('o1', 1), at: '2025-03-01T12:00:00' }],
    ['a time that is not ISO', { ...observed('o1', 1), at: 'yesterday' }],
    ['no id', { ...observed('o1', 1), id: '' }],
    ['an unknown type', { ...observed('o1', 1), type: 'Pushed' }],
    ['a revocation without a reason', { ...revoked('r1', 1), reasons: [] }],
  ])('throws InvalidInputError for %s', (_what, event) => {
    expect(() => nextVerdict(undefined, event as VerdictEvent, { key: KEY, now: at(0) })).toThrow(
      InvalidInputError,
    );
  });

  it('throws InvalidInputError for a key whose digest is a tag', () => {
    expect(() =>
      nextVerdict(undefined, observed('o1', 1), { key: { ...KEY, digest: 'latest' }, now: at(0) }),
    ).toThrow(InvalidInputError);
  });
});
