import { Stack } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
// cdk-nag's own flattening, so that the id below is exactly the one its IAM5 rule reports.
import { flattenCfnReference } from 'cdk-nag/lib/utils/flatten-cfn-reference';

/**
 * The id under which cdk-nag's AwsSolutions-IAM5 reports a wildcard resource in a policy of `scope`'s
 * stack, e.g. `AwsSolutions-IAM5[Resource::arn:aws:ecr:eu-west-1:123456789012:repository/team-a/*]`.
 * cdk-nag 3 wants each such finding acknowledged by its full id.
 */
export function wildcardFindingId(scope: IConstruct, resource: string): string {
  return `AwsSolutions-IAM5[Resource::${flattenCfnReference(Stack.of(scope).resolve(resource))}]`;
}
