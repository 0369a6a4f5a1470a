import { Aspects, Token, Validations, type IAspect, type Stack } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import type { IConstruct } from 'constructs';
import { guardFindingId } from './guard-suppression';

const API_GATEWAY = 'apigateway.amazonaws.com';

/**
 * Names the account in every Lambda permission for API Gateway (CT.LAMBDA.PR.2), beside the SourceArn
 * CDK already sets (the API's execute-api ARN for its route): API Gateway may invoke the function only
 * for that API of this account. Applied as an aspect, so permissions added later get it too.
 */
export class ApiPermissionAccount implements IAspect {
  constructor(private readonly account: string) {}

  visit(node: IConstruct): void {
    if (!(node instanceof lambda.CfnPermission) || node.principal !== API_GATEWAY) return;
    if (node.sourceAccount === undefined) node.sourceAccount = this.account;
  }

  /**
   * Adds the aspect to a stack. An environment-agnostic stack knows its account only at deploy time
   * (`Ref AWS::AccountId`), which the synth-time check cannot read (the Control Tower hook, run on the
   * resolved properties at deploy, can): the finding is acknowledged with that reason; pin
   * `imageTrust.env` to have it checked at synth.
   */
  static applyTo(stack: Stack): void {
    Aspects.of(stack).add(new ApiPermissionAccount(stack.account));
    if (!Token.isUnresolved(stack.account)) return;
    Validations.of(stack).acknowledge({
      id: guardFindingId('lambda_function_public_access_prohibited_check'),
      reason:
        'Environment-agnostic stack: SourceAccount and SourceArn are the deploying account and the API ARN, resolved only at deploy (the Control Tower hook checks them then); pin imageTrust.env to check them at synth.',
    });
  }
}
