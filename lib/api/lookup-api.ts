import { RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpIamAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { MTLS_ALLOWED_SUBJECTS } from '../../functions/runtime/environment-names';
import type { ApiSettings } from '../config/deployment-settings-schema';
import { suppressGuardRule } from '../guard/guard-suppression';
import type { ImageTrustFunction } from '../pipeline/image-trust-function';
import { TRUSTSTORE_KEY, TruststoreBucket } from './truststore-bucket';

export interface LookupApiProps {
  readonly handler: ImageTrustFunction;
  /** What the API invokes: the handler's function (default) or an alias of it (provisioned concurrency). */
  readonly target?: lambda.IFunction;
  readonly settings: ApiSettings;
  readonly logRetention: logs.RetentionDays;
}

/** One JSON line per request: who called (IAM principal or client certificate), what, and the outcome. */
const ACCESS_LOG_FORMAT = JSON.stringify({
  requestId: '$context.requestId',
  time: '$context.requestTime',
  ip: '$context.identity.sourceIp',
  caller: '$context.identity.userArn',
  clientCert: '$context.identity.clientCert.subjectDN',
  method: '$context.httpMethod',
  path: '$context.path',
  routeKey: '$context.routeKey',
  status: '$context.status',
  latencyMs: '$context.responseLatency',
  integrationError: '$context.integrationErrorMessage',
  authorizerError: '$context.authorizer.error',
});

/**
 * The lookup API: an HTTP API (payload v2) in front of the lookup function, one catch-all route.
 * `iam`: every route needs a SigV4-signed caller allowed execute-api:Invoke. `mtls`: callers present a
 * client certificate that chains to the truststore, on a custom domain; the default execute-api endpoint
 * is disabled so that nothing bypasses it; the function accepts only the certificate subjects named in
 * `mtls.allowedClientSubjects` (MTLS_ALLOWED_SUBJECTS; none: every certificate is refused). Stage-wide throttling and JSON access logs either way.
 */
export class LookupApi extends Construct {
  readonly api: apigwv2.HttpApi;
  readonly stage: apigwv2.HttpStage;
  /** Where callers reach the API. */
  readonly url: string;
  readonly domainName?: apigwv2.DomainName;
  /** The truststore bucket this construct made (mtls without `truststoreUri`). */
  readonly truststore?: TruststoreBucket;

  constructor(scope: Construct, id: string, props: LookupApiProps) {
    super(scope, id);
    const { settings } = props;
    const mtls = settings.auth === 'mtls' ? settings.mtls : undefined;
    this.api = new apigwv2.HttpApi(this, 'Api', {
      description: 'image-trust verdict lookup',
      createDefaultStage: false,
      disableExecuteApiEndpoint: mtls !== undefined,
      defaultIntegration: new HttpLambdaIntegration('Lookup', props.target ?? props.handler.function, {
        payloadFormatVersion: apigwv2.PayloadFormatVersion.VERSION_2_0,
      }),
      defaultAuthorizer: mtls ? undefined : new HttpIamAuthorizer(),
    });
    if (mtls) {
      props.handler.addEnvironment(MTLS_ALLOWED_SUBJECTS, JSON.stringify(mtls.allowedClientSubjects));
      if (mtls.truststoreUri === undefined) this.truststore = new TruststoreBucket(this, 'TruststoreBucket');
      const truststore = this.truststoreOf(mtls);
      if (truststore) {
        this.domainName = new apigwv2.DomainName(this, 'Domain', {
          domainName: mtls.domainName,
          certificate: acm.Certificate.fromCertificateArn(this, 'Certificate', mtls.certificateArn),
          securityPolicy: apigwv2.SecurityPolicy.TLS_1_2,
          mtls: { ...truststore, version: mtls.truststoreVersion },
        });
      }
      suppressGuardRule(this.api.node.findChild('DefaultRoute'), {
        control: 'CT.APIGATEWAY.PR.5',
        rule: 'api_gw_v2_authorization_type_configured_check',
        reason: `Callers authenticate with client certificates (mutual TLS on ${mtls.domainName}), which an HTTP API checks on the custom domain, not as a route authorizer; the function accepts only the subjects in mtls.allowedClientSubjects, and the execute-api endpoint is disabled.`,
      });
      Validations.of(this.api).acknowledge({
        id: 'AwsSolutions-APIG4',
        reason: `Callers authenticate with client certificates (mutual TLS on ${mtls.domainName}, truststore ${mtls.truststoreUri ?? 'the TruststoreBucket'}); the execute-api endpoint is disabled, so no request reaches the route without one.`,
      });
    }
    const accessLogs = new logs.LogGroup(this, 'AccessLogs', {
      retention: props.logRetention,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.stage = new apigwv2.HttpStage(this, 'DefaultStage', {
      httpApi: this.api,
      stageName: '$default',
      autoDeploy: true,
      throttle: { rateLimit: settings.throttle.rateLimit, burstLimit: settings.throttle.burstLimit },
      accessLogSettings: {
        destination: new apigwv2.LogGroupLogDestination(accessLogs),
        format: apigw.AccessLogFormat.custom(ACCESS_LOG_FORMAT),
      },
      domainMapping: this.domainName ? { domainName: this.domainName } : undefined,
    });
    this.url = mtls ? `https://${mtls.domainName}/` : this.stage.url;
    Validations.of(props.handler.function).acknowledge({
      id: 'Serverless-LambdaDLQ',
      reason:
        'Invoked synchronously by API Gateway only: the caller gets the error; there are no asynchronous invocations to park.',
    });
  }

  /**
   * Where the truststore is: the configured S3 URI, or a bucket made here. A made bucket is empty
   * until `image-trust gatekeeper-trust` fills it, and API Gateway refuses a domain whose truststore
   * is missing: the domain waits until `truststoreVersion` names the uploaded version.
   */
  private truststoreOf(
    mtls: NonNullable<ApiSettings['mtls']>,
  ): { bucket: s3.IBucket; key: string } | undefined {
    if (mtls.truststoreUri !== undefined) {
      const uri = new URL(mtls.truststoreUri);
      return {
        bucket: s3.Bucket.fromBucketName(this, 'Truststore', uri.hostname),
        key: uri.pathname.slice(1),
      };
    }
    return this.truststore === undefined || mtls.truststoreVersion === undefined
      ? undefined
      : { bucket: this.truststore.bucket, key: TRUSTSTORE_KEY };
  }
}
