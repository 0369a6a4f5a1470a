import { Stack } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

/**
 * The signer's role has a fixed name so that the signing key's policy (stateful stack) can name it
 * without a reference to the service stack (which already depends on the stateful one): one per
 * region of an account, like the stacks themselves.
 */
export function signerRoleName(scope: IConstruct): string {
  return `image-trust-signer-${Stack.of(scope).region}`;
}

/** The ARN of the signer's role, as `aws:PrincipalArn` shows it for the role's sessions. */
export function signerRoleArn(scope: IConstruct): string {
  return Stack.of(scope).formatArn({
    service: 'iam',
    region: '',
    resource: 'role',
    resourceName: signerRoleName(scope),
  });
}
