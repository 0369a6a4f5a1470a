import { CfnResource, Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

/** A Control Tower control that does not fit a resource, and why. */
export interface GuardSuppression {
  /** The control, e.g. `CT.SQS.PR.1`. */
  readonly control: string;
  /** The cfn-guard rule that checks it, e.g. `sqs_dlq_check`. */
  readonly rule: string;
  readonly reason: string;
}

/** The acknowledgement id of a cfn-guard rule in the CDK policy validation report. */
export function guardFindingId(rule: string): string {
  return `cdk-validator-cfnguard::${rule}`;
}

/**
 * Suppresses a Control Tower control on one resource, in both places that read it:
 * - the resource's metadata, `Metadata.guard.SuppressedRules` (cfn-guard's own suppression) with the
 *   reason beside it in `Metadata.guard.Reasons`, for people and for tools that honour it;
 * - the CDK policy validation acknowledgement, which the synth-time check honours (the Control Tower
 *   rules never read the metadata: cdklabs/cdk-validator-cfnguard#202), so the reason also lands in
 *   cdk.out/validation-report.json.
 *
 * @param scope the construct whose CloudFormation resource (itself or its default child) is suppressed
 */
export function suppressGuardRule(scope: IConstruct, suppression: GuardSuppression): void {
  const resource = scope instanceof CfnResource ? scope : scope.node.defaultChild;
  if (!(resource instanceof CfnResource))
    throw new Error(`${scope.node.path} has no CloudFormation resource`);
  const guard = (resource.getMetadata('guard') ?? {}) as {
    SuppressedRules?: string[];
    Reasons?: Record<string, string>;
  };
  resource.addMetadata('guard', {
    SuppressedRules: [...(guard.SuppressedRules ?? []), suppression.rule],
    Reasons: { ...guard.Reasons, [suppression.rule]: `${suppression.control}: ${suppression.reason}` },
  });
  Validations.of(scope).acknowledge({ id: guardFindingId(suppression.rule), reason: suppression.reason });
}
