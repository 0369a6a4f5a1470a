import { Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { SIGNING_KEY_ID } from '../../functions/runtime/environment-names';
import type { KeySettings } from '../config/deployment-settings-schema';
import type { GranteeFunction } from './grantee-function';
import { denyGrantsExceptForAwsServices, denySignExceptTo } from './key-policy-statements';
import { signerRoleArn } from './signer-role';
import { wildcardFindingId } from '../nag/wildcard-finding';

/** The signer's only KMS actions. */
export const SIGNING_ACTIONS = ['kms:Sign', 'kms:GetPublicKey'];

export interface SigningKeyProps {
  readonly settings: KeySettings;
}

/**
 * The asymmetric KMS key that signs images (ECC_NIST_P256, SIGN_VERIFY; cosign's `awskms://` scheme
 * reads it too): created here and kept when the stack is deleted, or an existing key imported by ARN or
 * by alias. `grantSign` is the only way to kms:Sign with it: a key created here denies kms:Sign to
 * every principal but the signer's role (named in signer-role.ts), and kms:CreateGrant to all but AWS
 * services (CT.KMS.PR.3). An imported key's policy is its owner's: README shows what it must say.
 */
export class SigningKey extends Construct {
  /** The key ARN; undefined for a key imported by alias (its ARN is not known at synth). */
  readonly keyArn?: string;
  /** What the signer passes to KMS as KeyId: the key ARN, or the alias name. */
  readonly keyId: string;
  private readonly alias?: string;

  constructor(scope: Construct, id: string, props: SigningKeyProps) {
    super(scope, id);
    const settings = props.settings;
    if (settings.mode === 'create') {
      const key = new kms.Key(this, 'Key', {
        description: 'image-trust: signs verified container images (cosign formats)',
        keySpec: kms.KeySpec.ECC_NIST_P256,
        keyUsage: kms.KeyUsage.SIGN_VERIFY,
        alias: settings.alias,
        pendingWindow: Duration.days(30),
        removalPolicy: RemovalPolicy.RETAIN,
      });
      key.addToResourcePolicy(denySignExceptTo(signerRoleArn(this)));
      key.addToResourcePolicy(denyGrantsExceptForAwsServices());
      this.keyArn = key.keyArn;
      this.keyId = key.keyArn;
    } else if (settings.keyArn !== undefined) {
      this.keyArn = settings.keyArn;
      this.keyId = settings.keyArn;
    } else {
      // The schema requires exactly one of keyArn and alias.
      if (settings.alias === undefined) throw new Error('an imported key needs keyArn or alias');
      this.alias = settings.alias;
      this.keyId = settings.alias;
    }
  }

  /**
   * KEY_ID, and kms:Sign and kms:GetPublicKey on this key alone. A key imported by alias is named in
   * the policy by that alias (`kms:ResourceAliases`), since its ARN is unknown until deploy.
   */
  grantSign(fn: GranteeFunction): void {
    fn.addEnvironment(SIGNING_KEY_ID, this.keyId);
    this.grant(fn, SIGNING_ACTIONS);
  }

  /** kms:GetPublicKey alone on this key: what a lookup needs to check the seals it made. */
  grantGetPublicKey(fn: GranteeFunction): void {
    this.grant(fn, ['kms:GetPublicKey']);
  }

  private grant(fn: GranteeFunction, actions: string[]): void {
    if (this.keyArn !== undefined) {
      fn.addToRolePolicy(new iam.PolicyStatement({ actions, resources: [this.keyArn] }));
      return;
    }
    const anyKey = Stack.of(fn).formatArn({ service: 'kms', resource: 'key', resourceName: '*' });
    fn.addToRolePolicy(
      new iam.PolicyStatement({
        actions,
        resources: [anyKey],
        conditions: { 'ForAnyValue:StringEquals': { 'kms:ResourceAliases': this.alias } },
      }),
    );
    Validations.of(fn).acknowledge({
      id: wildcardFindingId(fn, anyKey),
      reason: `The key is imported by its alias ${this.alias}; the statement allows only the key carrying that alias (condition kms:ResourceAliases).`,
    });
  }
}
