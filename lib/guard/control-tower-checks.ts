import type { IPolicyValidationPluginBeta1 } from 'aws-cdk-lib';
import { CfnGuardValidator } from '@cdklabs/cdk-validator-cfnguard';

/** cfn-guard's report for both stacks runs to a few hundred KB when controls fail: room for it. */
const GUARD_OUTPUT_BUFFER = 16 * 1024 * 1024;

/**
 * The AWS Control Tower proactive controls (the cfn-guard rules shipped in
 * `@cdklabs/cdk-validator-cfnguard`, run by its cfn-guard 3.1.1 binary) as a CDK policy validation
 * plugin: a template that breaks a control fails synth, beside cdk-nag.
 *
 * Every violation is reported with severity `error`. The plugin sets none, and once any finding is
 * acknowledged (see guard-suppression.ts) aws-cdk-lib decides success from the severities alone: without
 * this, synth would pass with violations left.
 */
export function controlTowerChecks(): IPolicyValidationPluginBeta1 {
  const inner = new CfnGuardValidator({ controlTowerRulesEnabled: true, maxBuffer: GUARD_OUTPUT_BUFFER });
  return {
    name: inner.name,
    version: inner.version,
    ruleIds: inner.ruleIds,
    validate(context) {
      const report = inner.validate(context);
      return { ...report, violations: report.violations.map((v) => ({ ...v, severity: 'error' })) };
    },
  };
}
