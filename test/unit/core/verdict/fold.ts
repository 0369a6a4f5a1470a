import { nextVerdict } from '../../../../functions/core/verdict/state-machine';
import type { Verdict } from '../../../../functions/core/verdict/verdict';
import type { VerdictEvent } from '../../../../functions/core/verdict/verdict-event';
import { KEY } from './verdict-events';

/** The verdict after applying `events` one by one, in the order given, and how many changed it. */
export function fold(
  events: readonly VerdictEvent[],
  start?: Verdict,
): { verdict: Verdict | undefined; changes: number } {
  let verdict = start;
  let changes = 0;
  events.forEach((event, i) => {
    const step = nextVerdict(verdict, event, {
      key: KEY,
      now: new Date(Date.UTC(2030, 0, 1, 0, 0, i)).toISOString(),
    });
    verdict = step.verdict;
    if (step.changed) changes += 1;
  });
  return { verdict, changes };
}

/** A verdict without what depends on when and how often it was written (updatedAt, version). */
export function semantic(verdict: Verdict | undefined): Omit<Verdict, 'updatedAt' | 'version'> | undefined {
  if (verdict === undefined) return undefined;
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  const { updatedAt, version, ...rest } = verdict;
  return rest;
}
