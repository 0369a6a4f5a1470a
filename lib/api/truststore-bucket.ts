import { RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';

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
