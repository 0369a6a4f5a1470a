import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { suppressGuardRule } from '../guard/guard-suppression';

/** The object API Gateway reads the CA bundle from; `image-trust gatekeeper-trust` writes it. */
export const TRUSTSTORE_KEY = 'truststore.pem';

/**
 * The mutual-TLS truststore of the lookup API's custom domain: a private, versioned, encrypted bucket
 * that refuses plain HTTP. It holds CA certificates (public data); versioning lets the domain pin one
 * version (`api.mtls.truststoreVersion`). Retained on delete, like anything a cluster's trust hangs on.
 */
export class TruststoreBucket extends Construct {
  readonly bucket: s3.Bucket;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.bucket = new s3.Bucket(this, 'Bucket', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      versioned: true,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      removalPolicy: RemovalPolicy.RETAIN,
      // Control Tower CT.S3.PR.3: versioning with a lifecycle rule.
      lifecycleRules: [{ id: 'OldTruststores', noncurrentVersionExpiration: Duration.days(365) }],
    });
    const publicData =
      'the bucket holds only the truststore (CA certificates, public data), written by the operator through the CLI and read by API Gateway; CloudTrail records those API calls, and versioning keeps a year of every truststore used';
    suppressGuardRule(this.bucket, {
      control: 'CT.S3.PR.10',
      rule: 's3_bucket_default_encryption_kms_check',
      reason: `SSE-S3 rather than a KMS key: ${publicData}`,
    });
    suppressGuardRule(this.bucket, {
      control: 'CT.S3.PR.4',
      rule: 's3_event_notifications_enabled_check',
      reason: `no event notifications (nothing reacts to a new truststore; the domain pins a version): ${publicData}`,
    });
    suppressGuardRule(this.bucket, {
      control: 'CT.S3.PR.9',
      rule: 's3_bucket_object_lock_enabled_check',
      reason: `no Object Lock (a CA rotation replaces the object; versioning keeps the old ones): ${publicData}`,
    });
    suppressGuardRule(this.bucket, {
      control: 'CT.S3.PR.2',
      rule: 's3_bucket_logging_enabled_check',
      reason: `no server access log bucket: ${publicData}`,
    });
    Validations.of(this.bucket).acknowledge({
      id: 'AwsSolutions-S1',
      reason:
        'Holds only the truststore (CA certificates, public data), written by the operator through the CLI and read by API Gateway; CloudTrail records those API calls, and versioning keeps every truststore ever used.',
    });
  }

  get bucketName(): string {
    return this.bucket.bucketName;
  }
}
