import { clip, fields, shortDigests, table } from '../../../bin/cli/output';
import { formatVerdict } from '../../../bin/cli/verdict-format';
import { answer, teamRef } from './audit-fixture';

describe('output for people', () => {
  it('pads table columns to the widest cell and cuts over-long cells with an ellipsis', () => {
    // Act
    const text = table(
      [
        { a: 'x', b: 'a long value here' },
        { a: 'longer', b: 'short' },
      ],
      [
        { heading: 'A', value: (r) => r.a },
        { heading: 'B', value: (r) => r.b, maxWidth: 8 },
      ],
    );

    // Assess
    expect(text).toBe('A       B\nx       a long …\nlonger  short\n');
  });

  it('shortens digests for tables and leaves other text alone', () => {
    // Act
    const short = shortDigests(`app@sha256:${'0123456789ab'.repeat(5)}cdef and sha256:abc`);

    // Assess
    expect(short).toBe('app@sha256:0123456789ab… and sha256:abc');
    expect(clip('abcdef', 4)).toBe('abc…');
  });

  it('lines labelled fields up and leaves out the empty ones', () => {
    // Act
    const text = fields([
      ['image', 'x'],
      ['policy', undefined],
      ['status', 'VERIFIED'],
    ]);

    // Assess
    expect(text).toBe('image   x\nstatus  VERIFIED\n');
  });

  it('shows a verdict with its status, every reason and whether it is final', () => {
    // Prepare
    const result = answer(teamRef('worker'), 'PENDING', 'PENDING', 'not evaluated yet');
    if (!('answer' in result)) throw new Error('fixture');

    // Act
    const text = formatVerdict({
      ...result.answer,
      reasons: [
        { layer: 'scan', code: 'CRITICAL_FINDINGS', message: 'one critical', cveIds: ['CVE-2024-3094'] },
        { layer: 'scan', code: 'STALE_SCAN', message: 'old scan' },
      ],
    });

    // Assess
    expect(text).toContain(`image       ${teamRef('worker')}\n`);
    expect(text).toContain('status      PENDING: may not run (not final: ask again shortly)\n');
    expect(text).toContain('reasons     [scan] CRITICAL_FINDINGS: one critical (CVE-2024-3094)\n');
    expect(text).toContain('            [scan] STALE_SCAN: old scan\n');
  });
});
