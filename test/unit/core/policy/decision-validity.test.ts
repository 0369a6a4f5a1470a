import { evaluateScan } from '../../../../functions/core/policy/evaluate-scan';
import { finding, hoursAgo, NOW, policy, scanOf, XZ } from './builders';

const exception = (id: string, expires: string) => ({ id, reason: 'accepted', expires });

describe('the validity of a passing decision', () => {
  it('names when the scan goes stale and when the reconciler looks next; nothing expires with onStale warn', () => {
    const decision = evaluateScan(policy(), {
      repository: 'a',
      scan: scanOf([], { completedAt: hoursAgo(1) }),
      now: NOW,
    });

    expect(decision.validity).toEqual({
      staleAt: '2025-01-22T11:00:00.000Z',
      graceEndsAt: '2025-01-25T11:00:00.000Z',
      onStale: 'warn',
      reviewAt: '2025-01-22T11:00:00.000Z',
    });
  });

  it("with onStale 'reject', is valid until the grace ends", () => {
    const compiled = policy({ onStale: 'reject', staleGraceHours: 24, maxScanAgeHours: 48 });
    const decision = evaluateScan(compiled, {
      repository: 'a',
      scan: scanOf([], { completedAt: hoursAgo(1) }),
      now: NOW,
    });

    expect(decision.validity).toMatchObject({
      validUntil: '2025-01-18T11:00:00.000Z',
      reviewAt: '2025-01-17T11:00:00.000Z',
      expiring: { code: 'SCAN_STALE' },
    });
    expect(decision.validity?.expiring?.message).toContain("onStale 'reject'");
  });

  it('is valid until the first exception the pass relies on expires, and names it', () => {
    const compiled = policy({
      severityLimits: { CRITICAL: 0 },
      exceptions: [exception('CVE-2000-1', '2025-01-16T00:00:00Z'), exception(XZ.id, '2025-01-17T00:00:00Z')],
    });
    const decision = evaluateScan(compiled, {
      repository: 'a',
      scan: scanOf([XZ], { completedAt: hoursAgo(1) }),
      now: NOW,
    });

    expect(decision.outcome).toBe('pass');
    expect(decision.validity).toMatchObject({
      validUntil: '2025-01-17T00:00:00.000Z',
      reviewAt: '2025-01-17T00:00:00.000Z',
      expiring: { code: 'EXCEPTION_EXPIRED', cveIds: [XZ.id] },
    });
    expect(decision.validity?.expiring?.message).toContain('exceptions[1] expired at 2025-01-17T00:00:00Z');
  });

  it('ignores an exception the pass does not need (its finding is within the limits anyway)', () => {
    const low = finding('CVE-2001-2', 'LOW');
    const compiled = policy({
      severityLimits: { CRITICAL: 0 },
      exceptions: [exception(low.id, '2025-01-16T00:00:00Z')],
    });
    const decision = evaluateScan(compiled, {
      repository: 'a',
      scan: scanOf([low], { completedAt: hoursAgo(1) }),
      now: NOW,
    });

    expect(decision.validity?.validUntil).toBeUndefined();
  });

  it('while stale, looks again every 6 hours, and carries no validity for a failing decision', () => {
    const stale = evaluateScan(policy(), {
      repository: 'a',
      scan: scanOf([], { completedAt: hoursAgo(170) }),
      now: NOW,
    });
    const failing = evaluateScan(policy({ severityLimits: { CRITICAL: 0 } }), {
      repository: 'a',
      scan: scanOf([XZ], { completedAt: hoursAgo(1) }),
      now: NOW,
    });

    expect(stale.validity?.reviewAt).toBe('2025-01-15T18:00:00.000Z');
    expect(failing.validity).toBeUndefined();
  });
});
