import * as policy from '../../../../functions/core/policy';

describe('the policy entry point', () => {
  it('export the public API', () => {
    expect(Object.keys(policy).sort()).toEqual(
      [
        'DEFAULT_MAX_SCAN_AGE_HOURS',
        'PolicyValidationError',
        'compileGlob',
        'compilePolicy',
        'evaluateScan',
        'formatPolicyError',
        'globProblem',
        'matchesGlob',
        'parsePolicy',
        'policySchema',
      ].sort(),
    );
  });
});
