import { evaluationTime } from '../../../../functions/core/pipeline/evaluation-time';
import { fold } from '../verdict/fold';
import { at, deleted, observed, passed, revoked } from '../verdict/verdict-events';

describe('evaluationTime: an evaluation is stamped with its evidence', () => {
  const trigger = { at: at(100) };

  it("is the scan's completion, not the trigger's time", () => {
    expect(evaluationTime(trigger, at(5), undefined)).toBe(at(5));
  });

  it("is the trigger's time without a scan, and an operator's request time always", () => {
    expect(evaluationTime(trigger, undefined, undefined)).toBe(at(100));
    expect(evaluationTime({ ...trigger, operator: true }, at(5), undefined)).toBe(at(100));
  });

  it('counts just after a deletion for the same bytes pushed again, so the re-push can be decided', () => {
    const { verdict } = fold([observed('o1', 1), passed('e1', 5), deleted('d1', 10), observed('o2', 20)]);
    const stamped = evaluationTime(trigger, at(5), verdict);
    expect(stamped).toBe(new Date(Date.parse(at(10)) + 1).toISOString());
    expect(
      fold([
        observed('o1', 1),
        passed('e1', 5),
        deleted('d1', 10),
        observed('o2', 20),
        { ...passed('e2', 5), at: stamped },
      ]).verdict?.status,
    ).toBe('VERIFIED');
  });

  it('but not past an automatic revocation newer than the evidence', () => {
    const events = [
      observed('o1', 1),
      passed('e1', 5),
      revoked('r1', 8),
      deleted('d1', 10),
      observed('o2', 20),
    ];
    expect(evaluationTime(trigger, at(5), fold(events).verdict)).toBe(at(5));
  });

  it('nor after a deletion that was not followed by a push', () => {
    const { verdict } = fold([observed('o1', 1), passed('e1', 5), deleted('d1', 10)]);
    expect(evaluationTime(trigger, at(5), verdict)).toBe(at(5));
  });
});
