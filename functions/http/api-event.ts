import type {
  APIGatewayEventRequestContextIAMAuthorizer,
  APIGatewayEventRequestContextV2,
  APIGatewayProxyEventV2WithRequestContext,
  APIGatewayProxyStructuredResultV2,
} from 'aws-lambda';

/**
 * An API Gateway HTTP API event (payload format 2.0). The IAM authorizer's context is present on
 * routes with IAM authorization; `authentication.clientCert` on a custom domain with mutual TLS.
 */
export type ApiEvent = APIGatewayProxyEventV2WithRequestContext<
  APIGatewayEventRequestContextV2 & {
    readonly authorizer?: Partial<APIGatewayEventRequestContextIAMAuthorizer>;
  }
>;

/** What the handler returns to API Gateway. */
export type ApiResult = APIGatewayProxyStructuredResultV2 & {
  readonly statusCode: number;
  readonly headers: Record<string, string>;
  readonly body: string;
};
