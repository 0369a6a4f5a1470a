import { emphasis, plain } from '../../../bin/cli/output';
import { formatVerdict } from '../../../bin/cli/verdict-format';
import { answer, teamRef } from './audit-fixture';

const ESC = '\u001b[';

function verdictOf(status: 'VERIFIED' | 'REJECTED' | 'PENDING') {
  const result = answer(teamRef('web'), status, 'X');
  if (!('answer' in result)) throw new Error('fixture');
  return result.answer;
}

describe('emphasis for people at a terminal', () => {
  it('colours the status green when it may run, red when it may not, yellow while not final', () => {
    // Prepare
    const emphasize = emphasis({ stdoutIsTTY: true, env: {} });

    // Act
    const [verified, rejected, pending] = (['VERIFIED', 'REJECTED', 'PENDING'] as const).map((s) =>
      formatVerdict(verdictOf(s), emphasize),
    );

    // Assess
    expect(verified).toContain(`status      ${ESC}1;32mVERIFIED${ESC}0m: may run\n`);
    expect(rejected).toContain(`status      ${ESC}1;31mREJECTED${ESC}0m: may not run\n`);
    expect(pending).toContain(`status      ${ESC}1;33mPENDING${ESC}0m: may not run (not final`);
  });

  it.each([
    ['stdout is not a terminal', { stdoutIsTTY: false, env: {} }],
    ['the terminal is unknown', { env: {} }],
    ['NO_COLOR is set', { stdoutIsTTY: true, env: { NO_COLOR: '1' } }],
    ['TERM is dumb', { stdoutIsTTY: true, env: { TERM: 'dumb' } }],
  ])('adds no escape codes when %s', (_when, io) => {
    // Act
    const text = formatVerdict(verdictOf('REJECTED'), emphasis(io));

    // Assess
    expect(emphasis(io)).toBe(plain);
    expect(text).not.toContain(ESC);
    expect(text).toContain('status      REJECTED: may not run\n');
  });

  it('colours at a terminal when NO_COLOR is empty, as no-color.org says', () => {
    // Act
    const emphasize = emphasis({ stdoutIsTTY: true, env: { NO_COLOR: '' } });

    // Assess
    expect(emphasize('ok', 'good')).toBe(`${ESC}1;32mok${ESC}0m`);
  });
});
