import type { IAspect } from 'aws-cdk-lib';
import * as logs from 'aws-cdk-lib/aws-logs';
import type { IConstruct } from 'constructs';
import type * as kms from 'aws-cdk-lib/aws-kms';

/**
 * Encrypts every log group of a scope with one key (CT.CLOUDWATCH.PR.3), those added later included:
 * applied as an aspect, so a new function or API cannot forget it. A log group that names its own key
 * keeps it.
 */
export class EncryptLogGroups implements IAspect {
  constructor(private readonly key: kms.IKey) {}

  visit(node: IConstruct): void {
    if (node instanceof logs.CfnLogGroup && node.kmsKeyId === undefined) node.kmsKeyId = this.key.keyArn;
  }
}
