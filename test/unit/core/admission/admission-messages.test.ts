import fc from 'fast-check';
import {
  denialMessage,
  denialWarnings,
  MAX_WARNING_LENGTH,
  shortImage,
  type DeniedImage,
} from '../../../../functions/core/admission/admission-messages';
import { admissionModeFor } from '../../../../functions/core/admission/admission-mode';
import type { VerdictAnswer } from '../../../../functions/core/lookup/verdict-answer';
import { testConfig } from '../lookup/lookup-fixtures';

function denied(image: string, message: string): DeniedImage {
  const answer: VerdictAnswer = {
    image,
    allowed: false,
    status: 'REJECTED',
    final: true,
    checks: { allowlist: 'pass', digest: 'pass', scan: 'fail', signature: 'skipped' },
    reasons: [
      { layer: 'scan', code: 'CRITICAL_FINDINGS', message },
      { layer: 'allowlist', code: 'NOTE', message: 'not shown: its layer passed' },
    ],
    checkedAt: '2025-03-02T00:00:00.000Z',
  };
  return { image, containers: ['web'], answer };
}

describe('admission messages', () => {
  it('shortens an ECR image to its repository and a 12-character digest', () => {
    expect(
      shortImage(`123456789012.dkr.ecr.eu-west-1.amazonaws.com/team/app@sha256:${'ab'.repeat(32)}`),
    ).toBe('team/app@sha256:abababababab');
    expect(shortImage('quay.io/x/y:1')).toBe('quay.io/x/y:1');
  });

  it('names only the reasons of the failing layers', () => {
    const [warning] = denialWarnings([denied('team/app:v1', 'two critical findings')], 'enforce');

    expect(warning).toBe('image-trust: team/app:v1: REJECTED: two critical findings');
  });

  it('keeps every warning to 120 printable ASCII characters for any image and reason', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 400 }), fc.string({ maxLength: 400 }), (image, reason) => {
        const [warning] = denialWarnings([denied(image, reason)], 'warn');
        expect(warning?.length).toBeLessThanOrEqual(MAX_WARNING_LENGTH);
        expect(warning).toMatch(/^[\x20-\x7e]*$/);
      }),
    );
  });

  it('keeps the denial message on one line and lists at most ten images', () => {
    const many = Array.from({ length: 12 }, (_, i) => denied(`team/app${i}:v1`, 'bad\nnews'));

    const message = denialMessage('Pod default/web', many, 12);

    expect(message).not.toMatch(/\n/);
    expect(message).toContain('12 of 12 image(s) may not run');
    expect(message).toContain('team/app9:v1');
    expect(message).not.toContain('team/app10:v1');
    expect(message).toContain('and 2 more');
  });
});

describe('admissionModeFor', () => {
  const admission = testConfig().admission;

  it('exempts the exempt namespaces, warns where configured, enforces elsewhere', () => {
    expect(admissionModeFor(admission, 'kube-system')).toBe('exempt');
    expect(admissionModeFor(admission, 'legacy')).toBe('warn');
    expect(admissionModeFor(admission, 'team-a')).toBe('enforce');
    expect(admissionModeFor(admission, undefined)).toBe('enforce');
  });

  it('does not read object properties as namespace modes', () => {
    expect(admissionModeFor(admission, 'constructor')).toBe('enforce');
    expect(admissionModeFor(admission, '__proto__')).toBe('enforce');
  });

  it('uses warn as the default when the configuration says so', () => {
    const warn = testConfig({ admission: { defaultMode: 'warn' } }).admission;

    expect(admissionModeFor(warn, 'anything')).toBe('warn');
  });
});
