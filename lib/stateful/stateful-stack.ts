import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import type { KeySettings } from '../config/deployment-settings-schema';
import { SigningKey } from './signing-key';
import { VerdictTable } from './verdict-table';

export interface StatefulStackProps extends StackProps {
  readonly key: KeySettings;
}

/**
 * What must outlive any deployment of the functions: the verdict table and the signing key. Both are
 * retained when the stack is deleted (and the table is deletion-protected); the service stack receives
 * them as typed props.
 */
export class StatefulStack extends Stack {
  readonly table: VerdictTable;
  readonly signingKey: SigningKey;

  constructor(scope: Construct, id: string, props: StatefulStackProps) {
    super(scope, id, props);
    this.table = new VerdictTable(this, 'Verdicts');
    this.signingKey = new SigningKey(this, 'SigningKey', { settings: props.key });
    new CfnOutput(this, 'TableName', {
      description: 'The verdict table',
      value: this.table.table.tableName,
    });
    new CfnOutput(this, 'SigningKeyId', {
      description: 'The signing key: its ARN, or the alias it was imported by',
      value: this.signingKey.keyId,
    });
  }
}
