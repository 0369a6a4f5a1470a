import { MalformedVerdictItemError } from '../../../functions/adapters/dynamodb/verdict-items';
import { logger } from '../../../functions/runtime/logging';
import { logDroppedSeal, logRefusedItem } from '../../../functions/runtime/refused-item-log';

describe('the log lines of verdict items read as they should not be', () => {
  const lines: unknown[][] = [];
  beforeEach(() => {
    lines.length = 0;
    jest.spyOn(logger, 'warn').mockImplementation((...args: unknown[]) => void lines.push(args));
  });
  afterEach(() => jest.restoreAllMocks());

  it('names the item of a dropped seal, its key cut to 300 characters', () => {
    logDroppedSeal(`IMAGE#${'x'.repeat(400)}`);

    expect(lines).toEqual([
      ['verdict item with a malformed seal read as unsealed', { pk: `IMAGE#${'x'.repeat(294)}` }],
    ]);
  });

  it('names a refused item and why', () => {
    logRefusedItem(new MalformedVerdictItemError('IMAGE#r/a@sha256:1', 'it names no valid image'));

    expect(lines).toEqual([
      ['verdict item refused', { pk: 'IMAGE#r/a@sha256:1', reason: 'it names no valid image' }],
    ]);
  });
});
