import { evaluateScan } from '../../../../functions/core/policy/evaluate-scan';
import { evaluateUnscannable } from '../../../../functions/core/policy/evaluate-unscannable';
import { parsePolicy } from '../../../../functions/core/policy/parse-policy';
import { PolicyValidationError } from '../../../../functions/core/policy/policy-error';
import { NOW, policy, scanOf } from './builders';

const DIGEST = `sha256:${'a'.repeat(64)}`;
const OTHER = `sha256:${'b'.repeat(64)}`;
const image = (repository: string, digest = DIGEST, now = NOW) => ({
  repository,
  digest,
  status: 'UNSUPPORTED_IMAGE',
  now,
});
const exemption = {
  reason: 'static Go binary, no OS packages',
  owner: 'team-tools',
  expires: '2025-02-01T00:00:00Z',
};

describe('evaluateUnscannable: an image ECR cannot scan', () => {
  it('fails where the policy requires a scan and no exemption names the image', () => {
    const decision = evaluateUnscannable(policy(), image('tools/cli'));

    expect(decision.outcome).toBe('fail');
    expect(decision.reasons[0]).toMatchObject({ code: 'SCAN_UNSUPPORTED', effect: 'fail' });
    expect(decision.reasons[0]?.message).toMatch(
      /ECR cannot scan 'tools\/cli'.*UNSUPPORTED_IMAGE.*requires a scan/,
    );
  });

  it('passes, with a note, where the rules say requireScan: false', () => {
    const p = policy({ repositoryOverrides: [{ pattern: 'sandbox/*', requireScan: false }] });

    expect(evaluateUnscannable(p, image('sandbox/tool'))).toMatchObject({
      outcome: 'pass',
      reasons: [{ code: 'SCAN_UNSUPPORTED', effect: 'note' }],
    });
    expect(evaluateUnscannable(p, image('team/tool')).outcome).toBe('fail');
  });

  it('passes under an exemption by repository pattern or by digest, naming its reason, owner and expiry', () => {
    const p = policy({
      unscannableExemptions: [
        { ...exemption, repositories: ['tools/static-*'] },
        { ...exemption, owner: 'team-b', digests: [OTHER] },
      ],
    });

    const byPattern = evaluateUnscannable(p, image('tools/static-cli'));
    const byDigest = evaluateUnscannable(p, image('team/other', OTHER));

    expect(byPattern.outcome).toBe('pass');
    expect(byPattern.reasons[0]).toMatchObject({ code: 'SCAN_EXEMPT', effect: 'note' });
    expect(byPattern.reasons[0]?.message).toMatch(
      /unscannableExemptions\[0\], owner 'team-tools', until 2025-02-01T00:00:00Z: static Go binary/,
    );
    expect(byDigest.reasons[0]?.message).toMatch(/unscannableExemptions\[1\], owner 'team-b'/);
    expect(evaluateUnscannable(p, image('team/other')).outcome).toBe('fail');
  });

  it('no longer applies an expired exemption, and says it expired', () => {
    const p = policy({ unscannableExemptions: [{ ...exemption, digests: [DIGEST] }] });
    const later = new Date('2025-02-01T00:00:00Z');

    const decision = evaluateUnscannable(p, image('team/app', DIGEST, later));

    expect(decision.outcome).toBe('fail');
    expect(decision.reasons.map((r) => r.code)).toEqual(['SCAN_UNSUPPORTED', 'EXEMPTION_EXPIRED']);
    expect(decision.reasons[1]?.message).toMatch(/expired at 2025-02-01T00:00:00Z and no longer applies/);
  });

  it('counts an undated report as stale, never as scanned now', () => {
    const decision = evaluateScan(policy(), {
      repository: 'team/app',
      scan: scanOf([], { completedAt: new Date(0).toISOString(), undated: true }),
      now: NOW,
    });

    expect(decision.outcome).toBe('fail');
    expect(decision.reasons[0]).toMatchObject({ code: 'SCAN_STALE' });
    expect(decision.reasons[0]?.message).toMatch(/no CreatedAt/);
  });
});

describe('unscannableExemptions in the policy document', () => {
  const problems = (entry: unknown): string[] => {
    try {
      parsePolicy({ version: 'v', unscannableExemptions: [entry] });
    } catch (error) {
      if (error instanceof PolicyValidationError) return [...error.problems];
      throw error;
    }
    return [];
  };

  it.each([
    ['no owner', { repositories: ['a/*'], reason: 'r', expires: '2030-01-01T00:00:00Z' }, /owner/],
    ['no reason', { repositories: ['a/*'], owner: 'o', expires: '2030-01-01T00:00:00Z' }, /reason/],
    ['no expiry', { repositories: ['a/*'], reason: 'r', owner: 'o' }, /expires: is required/],
    [
      'neither repositories nor digests',
      { reason: 'r', owner: 'o', expires: '2030-01-01T00:00:00Z' },
      /must name the repositories or the digests/,
    ],
    [
      'a tag for a digest',
      { digests: ['v1'], reason: 'r', owner: 'o', expires: '2030-01-01T00:00:00Z' },
      /unscannableExemptions\[0\]\.digests\[0\]: must be an image digest/,
    ],
    [
      'an unknown field',
      { repositories: ['a/*'], reason: 'r', owner: 'o', expires: '2030-01-01T00:00:00Z', until: 'x' },
      /unknown field 'until'/,
    ],
  ])('rejects %s, naming the field', (_what, entry, expected) => {
    expect(problems(entry).join('\n')).toMatch(expected);
  });

  it('accepts a complete entry', () => {
    expect(problems({ digests: [DIGEST], reason: 'r', owner: 'o', expires: '2030-01-01T00:00:00Z' })).toEqual(
      [],
    );
  });
});
