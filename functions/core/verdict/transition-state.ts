import type { VerdictStatus } from './verdict';

/** The state of a revocation by hand: shown as REVOKED, held until an operator re-evaluates. */
export const HELD = 'REVOKED(manual)';
/** A held image that was deleted: shown as DELETED, held again if it is pushed again. */
export const HELD_GONE = 'DELETED(manual)';

/**
 * A row of the transition table (state-machine.ts): the current status, NONE when no verdict exists
 * yet, or one of the two held states of a manual revocation (shown as REVOKED and DELETED).
 */
export type TransitionState = VerdictStatus | 'NONE' | typeof HELD | typeof HELD_GONE;

/** The status a state of the table shows (undefined for NONE). */
export function statusOf(state: TransitionState): VerdictStatus | undefined {
  switch (state) {
    case 'NONE':
      return undefined;
    case HELD:
      return 'REVOKED';
    case HELD_GONE:
      return 'DELETED';
    default:
      return state;
  }
}
