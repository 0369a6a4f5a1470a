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

  /** The ids (ARN or alias) of the keys still trusted: `verifying`, not `retired`. */
  get verifyingKeyIds(): string[] {
    return this.keys.filter((k) => k.state === 'verifying').map(keyId);
  }

  /** OTHER_SIGNING_KEYS, and kms:GetPublicKey (only) on these keys. Nothing when there are none. */
  grantPublish(fn: GranteeFunction): void {
    if (this.keys.length === 0) return;
    fn.addEnvironment(
      OTHER_SIGNING_KEYS,
      JSON.stringify(this.keys.map((k) => ({ keyId: keyId(k), state: k.state }))),
    );
    grantGetPublicKey(fn, this.keys);
  }

  /** kms:GetPublicKey (only) on the verifying keys: a lookup trusts seals by them. */
  grantGetVerifyingPublicKeys(fn: GranteeFunction): void {
    grantGetPublicKey(
      fn,
      this.keys.filter((k) => k.state === 'verifying'),
    );
  }
}

const keyId = (k: OtherKeySettings): string => k.keyArn ?? k.alias ?? '';

/** kms:GetPublicKey on `keys`: by ARN, and by alias through `kms:ResourceAliases`. */
function grantGetPublicKey(fn: GranteeFunction, keys: readonly OtherKeySettings[]): void {
  const arns = keys.flatMap((k) => (k.keyArn === undefined ? [] : [k.keyArn]));
  if (arns.length > 0) {
    fn.addToRolePolicy(new iam.PolicyStatement({ actions: ['kms:GetPublicKey'], resources: arns }));
  }
  const aliases = keys.flatMap((k) => (k.alias === undefined ? [] : [k.alias]));
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
