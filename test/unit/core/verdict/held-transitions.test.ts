import { nextVerdict } from '../../../../functions/core/verdict/state-machine';
import type { VerdictStatus } from '../../../../functions/core/verdict/verdict';
import type { VerdictEvent } from '../../../../functions/core/verdict/verdict-event';
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
} from './verdict-events';

/**
 * The rows and columns the revision added to the transition table (ARCHITECTURE.md), written out
 * independently of the implementation's table: O, P, F, OP, OF, R, RM, D.
 */
type Row = 'NONE' | 'VERIFIED' | 'REVOKED' | 'REVOKED(manual)' | 'DELETED' | 'DELETED(manual)';
type Column = 'O' | 'P' | 'F' | 'OP' | 'OF' | 'R' | 'RM' | 'D';

const SETUP: Record<Row, VerdictEvent[]> = {
  NONE: [],
  VERIFIED: [observed('o1', 1), passed('e1', 2)],
  REVOKED: [observed('o1', 1), passed('e1', 2), revoked('r1', 3)],
  'REVOKED(manual)': [observed('o1', 1), passed('e1', 2), revokedByHand('m1', 3)],
  DELETED: [observed('o1', 1), deleted('d1', 2)],
  'DELETED(manual)': [observed('o1', 1), revokedByHand('m1', 2), deleted('d1', 3)],
};

const COLUMN: Record<Column, VerdictEvent> = {
  O: observed('o9', 10, ['v2']),
  P: passed('e9', 10),
  F: failed('e9', 10),
  OP: operator(passed('x9', 10)),
  OF: operator(failed('x9', 10)),
  R: revoked('r9', 10),
  RM: revokedByHand('m9', 10),
  D: deleted('d9', 10),
};

const EXPECTED: [Row, Column, VerdictStatus][] = [
  ['NONE', 'OP', 'VERIFIED'],
  ['NONE', 'OF', 'REJECTED'],
  ['NONE', 'RM', 'REVOKED'],
  ['VERIFIED', 'OP', 'VERIFIED'],
  ['VERIFIED', 'RM', 'REVOKED'],
  ['REVOKED', 'OP', 'VERIFIED'],
  ['REVOKED', 'RM', 'REVOKED'],
  ['REVOKED(manual)', 'O', 'REVOKED'],
  ['REVOKED(manual)', 'P', 'REVOKED'],
  ['REVOKED(manual)', 'F', 'REVOKED'],
  ['REVOKED(manual)', 'OP', 'VERIFIED'],
  ['REVOKED(manual)', 'OF', 'REJECTED'],
  ['REVOKED(manual)', 'R', 'REVOKED'],
  ['REVOKED(manual)', 'RM', 'REVOKED'],
  ['REVOKED(manual)', 'D', 'DELETED'],
  ['DELETED', 'RM', 'DELETED'],
  ['DELETED(manual)', 'O', 'REVOKED'],
  ['DELETED(manual)', 'P', 'REVOKED'],
  ['DELETED(manual)', 'F', 'REVOKED'],
  ['DELETED(manual)', 'OP', 'VERIFIED'],
  ['DELETED(manual)', 'OF', 'REJECTED'],
  ['DELETED(manual)', 'R', 'DELETED'],
  ['DELETED(manual)', 'D', 'DELETED'],
];

describe('the held rows and the operator and manual columns, events in order', () => {
  it.each(EXPECTED)('%s + %s -> %s', (row, column, expected) => {
    const { verdict: before } = fold(SETUP[row]);
    const step = nextVerdict(before, COLUMN[column], { key: KEY, now: at(100) });
    expect(step.verdict.status).toBe(expected);
    expect(step.changed).toBe(true);
  });

  it('a held verdict names the revocation by hand, not a newer automatic one', () => {
    const { verdict } = fold([...SETUP['REVOKED(manual)'], revoked('r9', 10)]);
    expect(verdict?.reasons[0]?.code).toBe('MANUAL');
    expect(verdict?.decidedAt).toBe(at(3));
  });
});
