import { RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpIamAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { ImageTrustFunction } from '../pipeline/image-trust-function';

export interface AdminApiProps {
  readonly handler: ImageTrustFunction;
  readonly logRetention: logs.RetentionDays;
}

/** The admin routes: revoke by hand and ask for a re-evaluation. */
export const ADMIN_ROUTES = ['/v1/admin/revoke', '/v1/admin/reevaluate'] as const;

/**
 * The admin API: an HTTP API apart from the lookup API, so that the lookup role keeps reading only.
 * IAM (SigV4) on every route in every authentication mode: changing a verdict is an operator's act,
 * and a client certificate (what a cluster presents) is not enough. Low throttling: people call it.
 */
export class AdminApi extends Construct {
  readonly api: apigwv2.HttpApi;
  readonly url: string;

  constructor(scope: Construct, id: string, props: AdminApiProps) {
    super(scope, id);
    this.api = new apigwv2.HttpApi(this, 'Api', {
      description: 'image-trust admin: revoke and re-evaluate',
      createDefaultStage: false,
    });
    const integration = new HttpLambdaIntegration('Admin', props.handler.function, {
      payloadFormatVersion: apigwv2.PayloadFormatVersion.VERSION_2_0,
    });
    for (const path of ADMIN_ROUTES) {
      this.api.addRoutes({
        path,
        methods: [apigwv2.HttpMethod.POST],
        integration,
        authorizer: new HttpIamAuthorizer(),
      });
    }
    const accessLogs = new logs.LogGroup(this, 'AccessLogs', {
      retention: props.logRetention,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    const stage = new apigwv2.HttpStage(this, 'DefaultStage', {
      httpApi: this.api,
      stageName: '$default',
      autoDeploy: true,
      throttle: { rateLimit: 5, burstLimit: 10 },
      accessLogSettings: {
        destination: new apigwv2.LogGroupLogDestination(accessLogs),
        format: apigw.AccessLogFormat.custom(
          JSON.stringify({
            requestId: '$context.requestId',
            time: '$context.requestTime',
            caller: '$context.identity.userArn',
            routeKey: '$context.routeKey',
            status: '$context.status',
          }),
        ),
      },
    });
    this.url = stage.url;
    Validations.of(props.handler.function).acknowledge({
      id: 'Serverless-LambdaDLQ',
      reason: 'Invoked synchronously by API Gateway only: the operator gets the error; nothing to park.',
    });
  }
}
