import { RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { suppressGuardRule } from '../guard/guard-suppression';
import type { ImageTrustFunction } from '../pipeline/image-trust-function';

/** The one route; `{credential}` is the secret part of the URL. */
export const WEBHOOK_ROUTE_PATH = '/v1/admission/{credential}';

export interface AdmissionWebhookApiProps {
  readonly handler: ImageTrustFunction;
  readonly throttle: { readonly rateLimit: number; readonly burstLimit: number };
  readonly logRetention: logs.RetentionDays;
}

/**
 * Access log lines without the path, which holds the credential: the route key names the route with
 * its `{credential}` placeholder instead.
 */
const ACCESS_LOG_FORMAT = JSON.stringify({
  requestId: '$context.requestId',
  time: '$context.requestTime',
  ip: '$context.identity.sourceIp',
  method: '$context.httpMethod',
  routeKey: '$context.routeKey',
  status: '$context.status',
  latencyMs: '$context.responseLatency',
  integrationError: '$context.integrationErrorMessage',
});

/**
 * The endpoint the EKS API server calls as a validating webhook: its own HTTP API on the public
 * execute-api endpoint (an ACM public certificate: no caBundle needed), one route
 * `POST /v1/admission/{credential}` without IAM (the API server can present nothing), the credential
 * checked by the function. API Gateway answers 404 for anything else. Throttled on its own.
 */
export class AdmissionWebhookApi extends Construct {
  readonly api: apigwv2.HttpApi;
  readonly stage: apigwv2.HttpStage;
  /** The URL up to the credential: `https://ID.execute-api.REGION.amazonaws.com/v1/admission/`. */
  readonly urlPrefix: string;

  constructor(scope: Construct, id: string, props: AdmissionWebhookApiProps) {
    super(scope, id);
    this.api = new apigwv2.HttpApi(this, 'Api', {
      description: 'image-trust admission webhook for the Kubernetes API server (credential in the path)',
      createDefaultStage: false,
    });
    const [route] = this.api.addRoutes({
      path: WEBHOOK_ROUTE_PATH,
      methods: [apigwv2.HttpMethod.POST],
      integration: new HttpLambdaIntegration('Webhook', props.handler.function, {
        payloadFormatVersion: apigwv2.PayloadFormatVersion.VERSION_2_0,
      }),
    });
    const why =
      'The EKS API server cannot sign requests or present a client certificate: this one route authenticates by the unguessable credential in its path, checked in constant time by the function against Secrets Manager; it answers only AdmissionReview (read-only verdicts) and is throttled on its own.';
    Validations.of(route!).acknowledge({ id: 'AwsSolutions-APIG4', reason: why });
    suppressGuardRule(route!, {
      control: 'CT.APIGATEWAY.PR.5',
      rule: 'api_gw_v2_authorization_type_configured_check',
      reason: why,
    });
    const accessLogs = new logs.LogGroup(this, 'AccessLogs', {
      retention: props.logRetention,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.stage = new apigwv2.HttpStage(this, 'DefaultStage', {
      httpApi: this.api,
      stageName: '$default',
      autoDeploy: true,
      throttle: { rateLimit: props.throttle.rateLimit, burstLimit: props.throttle.burstLimit },
      accessLogSettings: {
        destination: new apigwv2.LogGroupLogDestination(accessLogs),
        format: apigw.AccessLogFormat.custom(ACCESS_LOG_FORMAT),
      },
    });
    this.urlPrefix = `${this.stage.url}v1/admission/`;
    Validations.of(props.handler.function).acknowledge({
      id: 'Serverless-LambdaDLQ',
      reason:
        'Invoked synchronously by API Gateway only: the API server gets the error (and denies: failurePolicy Fail); nothing to park.',
    });
  }
}
