import { RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { WEBHOOK_CREDENTIAL_SECRET } from '../../functions/runtime/environment-names';
import type { GranteeFunction } from '../stateful/grantee-function';

/**
 * The admission webhook's credential: a Secrets Manager secret `{"current": "..."}` generated at deploy
 * time (64 letters and digits, about 380 bits), which the webhook URL carries in its path. Rotated by
 * `image-trust webhook-credential rotate` (current becomes previous, both valid until the next rotation).
 */
export class WebhookCredential extends Construct {
  readonly secret: secretsmanager.Secret;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.secret = new secretsmanager.Secret(this, 'Secret', {
      description:
        'image-trust admission webhook credential: {"current","previous"?}, in the webhook URL path',
      generateSecretString: {
        secretStringTemplate: '{}',
        generateStringKey: 'current',
        passwordLength: 64,
        excludePunctuation: true,
        includeSpace: false,
      },
      removalPolicy: RemovalPolicy.DESTROY,
    });
    Validations.of(this.secret).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        "Rotated by the operator with `image-trust webhook-credential rotate`: a new credential must also reach every cluster's webhook configuration, which a rotation Lambda cannot do; the previous credential stays valid until the next rotation.",
    });
  }

  /** Lets `fn` read the credentials (GetSecretValue on this secret only) and names the secret in its environment. */
  bindRead(fn: GranteeFunction): void {
    fn.addEnvironment(WEBHOOK_CREDENTIAL_SECRET, this.secret.secretArn);
    fn.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['secretsmanager:GetSecretValue'],
        resources: [this.secret.secretArn],
      }),
    );
  }
}
