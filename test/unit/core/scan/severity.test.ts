import { countSeverities, isSeverity, toSeverity } from '../../../../functions/core/scan/severity';

describe('toSeverity', () => {
  it.each([
    ['CRITICAL', 'CRITICAL'],
    ['high', 'HIGH'],
    ['Informational', 'INFORMATIONAL'],
    ['UNDEFINED', 'UNDEFINED'],
    ['UNTRIAGED', 'UNDEFINED'],
    ['UNKNOWN', 'UNDEFINED'],
  ])('reads %s as %s', (name, expected) => {
    expect(toSeverity(name)).toBe(expected);
  });

  it.each(['SEVERE', '', 'MODERATE', 'constructor', '__proto__'])('does not know %p', (name) => {
    expect(toSeverity(name)).toBeUndefined();
  });
});

describe('isSeverity', () => {
  it('accepts only our names, exactly', () => {
    expect(isSeverity('LOW')).toBe(true);
    expect(isSeverity('low')).toBe(false);
    expect(isSeverity('UNTRIAGED')).toBe(false);
    expect(isSeverity(3)).toBe(false);
  });
});

describe('countSeverities', () => {
  it('counts findings per severity and leaves out levels without findings', () => {
    const findings = [
      { id: 'CVE-1', severity: 'HIGH' as const },
      { id: 'CVE-2', severity: 'HIGH' as const },
      { id: 'CVE-3', severity: 'LOW' as const },
    ];

    expect(countSeverities(findings)).toEqual({ HIGH: 2, LOW: 1 });
  });
});
