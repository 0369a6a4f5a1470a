import { lookupMany } from '../../../../functions/core/lookup/lookup-many';
import { lookupVerdict } from '../../../../functions/core/lookup/lookup-verdict';
import type { EvaluatedEvent } from '../../../../functions/core/verdict/verdict-event';
import type { VerdictValidity } from '../../../../functions/core/verdict/verdict';
import { observed, passed } from '../verdict/verdict-events';
import { imageKey, memoryDeps, NOW, refOf } from './lookup-fixtures';

const EXCEPTION_GONE = {
  code: 'EXCEPTION_EXPIRED',
  message: 'CVE-2024-3094 (CRITICAL): the exception exceptions[0] expired at 2025-03-02T00:00:00Z',
  cveIds: ['CVE-2024-3094'],
};

const hoursFromNow = (hours: number) => new Date(NOW.getTime() + hours * 3_600_000).toISOString();

function passedWith(validity: Partial<VerdictValidity>): EvaluatedEvent {
  return {
    ...passed('eval', 10),
    validity: {
      staleAt: hoursFromNow(24),
      graceEndsAt: hoursFromNow(96),
      onStale: 'warn',
      reviewAt: hoursFromNow(24),
      ...validity,
    },
  } as EvaluatedEvent;
}

async function answerFor(validity: Partial<VerdictValidity>, hexDigit: string) {
  const deps = memoryDeps();
  const key = imageKey(hexDigit);
  deps.store.record(key, observed('push', 0, ['v1']), passedWith(validity));
  return lookupVerdict(deps, refOf(key));
}

describe('the lookup judges a VERIFIED verdict on the clock', () => {
  it('denies from validUntil on, before any reconciler run, naming what expired', async () => {
    const answer = await answerFor({ validUntil: NOW.toISOString(), expiring: EXCEPTION_GONE }, '1');

    expect(answer).toMatchObject({
      allowed: false,
      status: 'REJECTED',
      validUntil: NOW.toISOString(),
      checks: { scan: 'fail', signature: 'skipped' },
    });
    expect(answer.reasons[0]).toEqual({
      layer: 'scan',
      code: 'VERDICT_EXPIRED',
      message: `the verdict was valid until ${NOW.toISOString()}: ${EXCEPTION_GONE.message}`,
      cveIds: ['CVE-2024-3094'],
    });
  });

  it('allows the millisecond before validUntil, and shows validUntil', async () => {
    const validUntil = new Date(NOW.getTime() + 1).toISOString();
    const answer = await answerFor({ validUntil, expiring: EXCEPTION_GONE }, '2');

    expect(answer).toMatchObject({ allowed: true, status: 'VERIFIED', validUntil });
    expect(answer.reasons.map((r) => r.code)).not.toContain('SCAN_STALE');
  });

  it('allows a stale verdict in its grace with a SCAN_STALE warning saying until when', async () => {
    const answer = await answerFor({ staleAt: hoursFromNow(-1), graceEndsAt: hoursFromNow(71) }, '3');

    expect(answer).toMatchObject({ allowed: true, status: 'VERIFIED' });
    expect(answer.reasons[0]).toMatchObject({ layer: 'scan', code: 'SCAN_STALE' });
    expect(answer.reasons[0]?.message).toContain(
      `a rescan is requested; allowed until ${hoursFromNow(71)}, then onStale 'warn' applies`,
    );
  });

  it("keeps allowing after the grace with onStale 'warn', and says so", async () => {
    const answer = await answerFor({ staleAt: hoursFromNow(-80), graceEndsAt: hoursFromNow(-8) }, '4');

    expect(answer.allowed).toBe(true);
    expect(answer.reasons[0]?.message).toContain("onStale 'warn' keeps it allowed: scan the image again");
  });

  it('answers a batch the same way: each image by its own validUntil', async () => {
    const deps = memoryDeps();
    const [expired, valid] = [imageKey('5'), imageKey('6')];
    deps.store.record(expired, passedWith({ validUntil: hoursFromNow(-1), expiring: EXCEPTION_GONE }));
    deps.store.record(valid, passedWith({ validUntil: hoursFromNow(1), expiring: EXCEPTION_GONE }));

    const outcomes = await lookupMany(deps, [refOf(expired), refOf(valid)]);

    expect(outcomes.map((o) => o.answer.allowed)).toEqual([false, true]);
    expect(outcomes[0]?.answer.reasons[0]?.code).toBe('VERDICT_EXPIRED');
  });
});
