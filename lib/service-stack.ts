import { Aspects, CfnOutput, Duration, Fn, Stack, type StackProps } from 'aws-cdk-lib';
import type * as logs from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { AdminApi } from './api/admin-api';
import { AdmissionWebhookApi } from './api/admission-webhook-api';
import { LookupApi } from './api/lookup-api';
import { invokeTarget } from './api/provisioned-alias';
import { WebhookCredential } from './api/webhook-credential';
import type { DeploymentConfig } from './config/deployment-config-schema';
import { ApiPermissionAccount } from './guard/api-permission-account';
import { EncryptLogGroups } from './logs/encrypt-log-groups';
import { LogsKey } from './logs/logs-key';
import { AlarmTopic } from './monitoring/alarm-topic';
import { PipelineAlarms } from './monitoring/pipeline-alarms';
import { PipelineDashboard } from './monitoring/pipeline-dashboard';
import { PrivateNetwork } from './network/private-network';
import { ImageTrustFunction } from './pipeline/image-trust-function';
import { Pipeline } from './pipeline/pipeline';
import { bindSealKeys } from './stateful/seal-keys';
import type { SigningKey } from './stateful/signing-key';
import type { VerdictTable } from './stateful/verdict-table';

export interface ServiceStackProps extends StackProps {
  readonly config: DeploymentConfig;
  /** IMAGE_TRUST_CONFIG, validated at synth. */
  readonly runtimeConfig: string;
  readonly table: VerdictTable;
  readonly signingKey: SigningKey;
}

/**
 * Everything that can be deleted and deployed again without losing data: the pipeline (rules, queues,
 * functions, schedule), the lookup API, alarms and the dashboard.
 */
export class ServiceStack extends Stack {
  readonly pipeline: Pipeline;
  readonly lookup: ImageTrustFunction;
  readonly admin: ImageTrustFunction;
  readonly api: LookupApi;
  readonly alarms: PipelineAlarms;
  /** The admission webhook endpoint EKS calls, unless `api.webhook.enabled` is false. */
  readonly webhook?: {
    readonly function: ImageTrustFunction;
    readonly api: AdmissionWebhookApi;
    readonly credential: WebhookCredential;
  };

  constructor(scope: Construct, id: string, props: ServiceStackProps) {
    super(scope, id, props);
    const { config } = props;
    // Validated against the periods CloudWatch Logs accepts (config/deployment-settings-schema.ts).
    const logRetention = config.logRetentionDays as logs.RetentionDays;
    // Every log group of this stack, encrypted with its own key (CT.CLOUDWATCH.PR.3).
    Aspects.of(this).add(new EncryptLogGroups(new LogsKey(this, 'LogsKey').key));
    // API Gateway may invoke the functions only for this account's APIs (CT.LAMBDA.PR.2).
    ApiPermissionAccount.applyTo(this);
    const vpc = config.network.vpc;
    const network = vpc ? new PrivateNetwork(this, 'Network', vpc) : undefined;
    this.pipeline = new Pipeline(this, 'Pipeline', {
      config,
      runtimeConfig: props.runtimeConfig,
      logRetention,
      table: props.table,
      signingKey: props.signingKey,
      network,
    });
    this.lookup = new ImageTrustFunction(this, 'LookupApiHandler', {
      entry: 'lookup-api',
      description: 'image-trust: answers verdict lookups for admission',
      memorySize: 1024,
      timeout: Duration.seconds(10),
      runtimeConfig: props.runtimeConfig,
      logRetention,
      network,
    });
    props.table.grantLookup(this.lookup);
    props.table.grantBreakGlassRecord(this.lookup);
    bindSealKeys(this.lookup, props.signingKey, this.pipeline.otherSigningKeys);
    this.api = new LookupApi(this, 'LookupApi', {
      handler: this.lookup,
      target: invokeTarget(this, 'LookupApiLive', this.lookup.function, config.lookupProvisionedConcurrency),
      settings: config.api,
      logRetention,
    });

    // Revoke by hand and re-evaluate: its own function and API, so the lookup role keeps reading only.
    this.admin = new ImageTrustFunction(this, 'AdminApiHandler', {
      entry: 'admin-api',
      description: 'image-trust: revokes verdicts by hand, asks the signer for re-evaluations',
      memorySize: 512,
      timeout: Duration.seconds(10),
      runtimeConfig: props.runtimeConfig,
      logRetention,
      network,
    });
    props.table.grantReadWrite(this.admin);
    this.pipeline.signerQueue.bindHandOff(this.admin);
    const adminApi = new AdminApi(this, 'AdminApi', { handler: this.admin, logRetention });

    if (config.api.webhook.enabled) this.webhook = this.admissionWebhook(props, logRetention, network);

    const topic = new AlarmTopic(this, 'AlarmTopic', { email: config.alarmEmail });
    this.alarms = new PipelineAlarms(this, 'Alarms', {
      pipeline: this.pipeline,
      api: this.api,
      apiFunction: this.lookup,
      adminFunction: this.admin,
      ...(this.webhook ? { webhook: { function: this.webhook.function, api: this.webhook.api } } : {}),
      topic: topic.topic,
      reconcileEvery: Duration.minutes(config.reconcileEveryMinutes),
    });
    new PipelineDashboard(this, 'Dashboard', {
      pipeline: this.pipeline,
      api: this.api,
      apiFunction: this.lookup,
      alarms: this.alarms.alarms,
    });

    new CfnOutput(this, 'LookupApiUrl', { description: 'The lookup API', value: this.api.url });
    new CfnOutput(this, 'AdminApiUrl', {
      description: 'The admin API (IAM): image-trust revoke / reevaluate --admin-api <this>',
      value: adminApi.url,
    });
    if (config.api.auth === 'iam') {
      new CfnOutput(this, 'LookupApiInvokeArn', {
        description: 'Allow execute-api:Invoke on this in the policy of each caller (SigV4-signed requests)',
        value: this.api.api.arnForExecuteApi(),
      });
    }
    if (this.api.domainName) {
      new CfnOutput(this, 'LookupApiDomainTarget', {
        description: `Point ${config.api.mtls?.domainName ?? 'the custom domain'} here (CNAME or alias)`,
        value: this.api.domainName.regionalDomainName,
      });
    }
    if (this.api.truststore) {
      const bucket = this.api.truststore.bucketName;
      new CfnOutput(this, 'TruststoreBucket', {
        description: "The mTLS truststore: Gatekeeper's CA",
        value: bucket,
      });
      new CfnOutput(this, 'GatekeeperTrustCommand', {
        description:
          "Uploads Gatekeeper's CA to the truststore and prints the version to pin and the next steps",
        value: Fn.join('', [
          'kubectl get secret -n gatekeeper-system gatekeeper-webhook-server-cert -o json | npx image-trust gatekeeper-trust --bucket ',
          bucket,
          ' --region ',
          this.region,
        ]),
      });
    }
    new CfnOutput(this, 'PublicKeyCommand', {
      description: 'The public key (PEM) that verifies image-trust signatures; the lookup API serves it too',
      value: Fn.join('', [
        'aws kms get-public-key --region ',
        this.region,
        ' --key-id ',
        props.signingKey.keyId,
        ' --query PublicKey --output text | base64 -d | openssl pkey -pubin -inform DER -out cosign.pub',
      ]),
    });
  }

  /** The webhook endpoint: its function (reads the table and the credential), API, secret and outputs. */
  private admissionWebhook(
    props: ServiceStackProps,
    logRetention: logs.RetentionDays,
    network: PrivateNetwork | undefined,
  ) {
    const fn = new ImageTrustFunction(this, 'AdmissionWebhookHandler', {
      entry: 'admission-webhook',
      description:
        'image-trust: the admission webhook the Kubernetes API server calls (credential in the path)',
      memorySize: 1024,
      timeout: Duration.seconds(4),
      runtimeConfig: props.runtimeConfig,
      logRetention,
      network,
    });
    props.table.grantLookup(fn);
    bindSealKeys(fn, props.signingKey, this.pipeline.otherSigningKeys);
    const credential = new WebhookCredential(this, 'WebhookCredential');
    credential.bindRead(fn);
    const api = new AdmissionWebhookApi(this, 'AdmissionWebhookApi', {
      handler: fn,
      throttle: props.config.api.webhook.throttle,
      logRetention,
    });
    new CfnOutput(this, 'AdmissionWebhookUrlPrefix', {
      description: 'The webhook URL up to its credential (the URL is this followed by the secret credential)',
      value: api.urlPrefix,
    });
    new CfnOutput(this, 'AdmissionWebhookSecretArn', {
      description: 'The secret holding the webhook credential (read by image-trust cluster-manifests)',
      value: credential.secret.secretArn,
    });
    new CfnOutput(this, 'ClusterManifestsCommand', {
      description: 'Prints the ValidatingWebhookConfiguration to kubectl apply (with your AWS credentials)',
      value: Fn.join('', [
        'npx image-trust cluster-manifests --webhook-url ',
        api.urlPrefix,
        ' --credential-secret ',
        credential.secret.secretArn,
        ' | kubectl apply -f -',
      ]),
    });
    return { function: fn, api, credential };
  }
}
