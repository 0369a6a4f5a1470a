import { Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { OTHER_SIGNING_KEYS } from '../../functions/runtime/environment-names';
import type { OtherKeySettings } from '../config/deployment-settings-schema';
import { wildcardFindingId } from '../nag/wildcard-finding';
import type { GranteeFunction } from './grantee-function';

export interface OtherSigningKeysProps {
  readonly keys: readonly OtherKeySettings[];
}

/**
 * A rotation's other keys (verifying or retired), beside the SigningKey that signs: existing KMS keys,
 * named by ARN or alias. `grantPublish` lets the signer read (never use) their public keys to publish
 * them with their states.
 */
export class OtherSigningKeys extends Construct {
  private readonly keys: readonly OtherKeySettings[];

  constructor(scope: Construct, id: string, props: OtherSigningKeysProps) {
    super(scope, id);
    this.keys = props.keys;
  }

  /** OTHER_SIGNING_KEYS, and kms:GetPublicKey (only) on these keys. Nothing when there are none. */
  grantPublish(fn: GranteeFunction): void {
    if (this.keys.length === 0) return;
    const keyId = (k: OtherKeySettings): string => k.keyArn ?? k.alias ?? '';
    fn.addEnvironment(
      OTHER_SIGNING_KEYS,
      JSON.stringify(this.keys.map((k) => ({ keyId: keyId(k), state: k.state }))),
    );
    const arns = this.keys.flatMap((k) => (k.keyArn === undefined ? [] : [k.keyArn]));
    if (arns.length > 0) {
      fn.addToRolePolicy(new iam.PolicyStatement({ actions: ['kms:GetPublicKey'], resources: arns }));
    }
    const aliases = this.keys.flatMap((k) => (k.alias === undefined ? [] : [k.alias]));
    if (aliases.length === 0) return;
    const anyKey = Stack.of(fn).formatArn({ service: 'kms', resource: 'key', resourceName: '*' });
    fn.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['kms:GetPublicKey'],
        resources: [anyKey],
        conditions: { 'ForAnyValue:StringEquals': { 'kms:ResourceAliases': aliases } },
      }),
    );
    Validations.of(fn).acknowledge({
      id: wildcardFindingId(fn, anyKey),
      reason: `Rotation keys named by alias (${aliases.join(', ')}): kms:GetPublicKey only, on the keys carrying those aliases (condition kms:ResourceAliases).`,
    });
  }
}
