import { InvalidInputError } from '../../../../functions/core/errors';
import { toIsoTimestamp } from '../../../../functions/core/scan/timestamps';

describe('toIsoTimestamp', () => {
  it.each([
    [new Date('2024-01-31T12:00:00Z'), '2024-01-31T12:00:00.000Z'],
    [1579839105.0, '2020-01-24T04:11:45.000Z'],
    [1579839105.5, '2020-01-24T04:11:45.500Z'],
    ['2021-08-25T12:20:30.000000005Z', '2021-08-25T12:20:30.000Z'],
    ['2024-01-31T14:00:00+02:00', '2024-01-31T12:00:00.000Z'],
  ])('turns %p into %s', (value, expected) => {
    expect(toIsoTimestamp(value, 'time')).toBe(expected);
  });

  it('keeps undefined', () => {
    expect(toIsoTimestamp(undefined, 'time')).toBeUndefined();
  });

  it.each([
    ['a date without time', '2024-01-31'],
    ['a time without zone', '2024-01-31T12:00:00'],
    ['console format', 'Dec 3, 2021, 6:02:30 PM'],
    ['an invalid Date', new Date('nope')],
    ['NaN', Number.NaN],
    ['a number out of range', 1e20],
  ])('rejects %s, naming the field', (_what, value) => {
    expect(() => toIsoTimestamp(value, 'imageScanCompletedAt')).toThrow(InvalidInputError);
    expect(() => toIsoTimestamp(value, 'imageScanCompletedAt')).toThrow(
      /^imageScanCompletedAt .* is not a valid time/,
    );
  });
});
