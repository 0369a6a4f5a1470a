import * as iam from 'aws-cdk-lib/aws-iam';

/**
 * kms:CreateGrant only for AWS services acting for their own resources (CT.KMS.PR.3): a grant is a
 * second way to hand a key's use to someone, outside the key policy.
 */
export function denyGrantsExceptForAwsServices(): iam.PolicyStatement {
  return new iam.PolicyStatement({
    sid: 'DenyGrantsExceptForAwsServices',
    effect: iam.Effect.DENY,
    principals: [new iam.AnyPrincipal()],
    actions: ['kms:CreateGrant'],
    resources: ['*'],
    conditions: {
      BoolIfExists: { 'kms:GrantIsForAWSResource': 'false', 'aws:PrincipalIsAWSService': 'false' },
    },
  });
}

/**
 * kms:Sign denied to every principal but the signer's role, whatever their IAM policies allow (an
 * explicit Deny wins over any Allow). Only kms:Sign: key administration stays with the account.
 */
export function denySignExceptTo(signerRoleArn: string): iam.PolicyStatement {
  return new iam.PolicyStatement({
    sid: 'DenySignExceptSigner',
    effect: iam.Effect.DENY,
    principals: [new iam.AnyPrincipal()],
    actions: ['kms:Sign'],
    resources: ['*'],
    conditions: { StringNotEquals: { 'aws:PrincipalArn': signerRoleArn } },
  });
}
