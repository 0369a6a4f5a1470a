import { ROUTES, type Route } from '../routes';
import { componentSchemas, refTo, type JsonSchema } from './schema-components';

/** The OpenAPI 3.1 document of the API, generated from the routes and their zod schemas. */
export function buildOpenApi(routes: readonly Route[] = ROUTES): JsonSchema {
  const paths: Record<string, Record<string, JsonSchema>> = {};
  for (const route of routes) {
    (paths[route.path] ??= {})[route.method.toLowerCase()] = operation(route);
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'image-trust lookup API',
      version: '1',
      description:
        'May this digest run? One DynamoDB read per image. Every route needs an IAM (SigV4) caller or a client certificate (mutual TLS). See docs/API.md.',
    },
    servers: [{ url: 'https://image-trust.example.com', description: 'The API custom domain' }],
    security: [{ sigv4: [] }, { mutualTLS: [] }],
    paths,
    components: {
      securitySchemes: {
        sigv4: {
          type: 'apiKey',
          in: 'header',
          name: 'Authorization',
          description: 'AWS Signature Version 4 (API Gateway IAM authorization, execute-api:Invoke)',
          'x-amazon-apigateway-authtype': 'awsSigv4',
        },
        mutualTLS: {
          type: 'mutualTLS',
          description:
            'A client certificate the custom domain trust store verifies (Gatekeeper, the API server)',
        },
      },
      schemas: componentSchemas(),
    },
  };
}

function operation(route: Route): JsonSchema {
  const responses: Record<string, JsonSchema> = {};
  for (const [status, spec] of Object.entries(route.responses)) {
    responses[status] = {
      description: spec.description,
      ...(spec.headers === undefined
        ? {}
        : {
            headers: Object.fromEntries(
              Object.entries(spec.headers).map(([name, description]) => [
                name,
                { description, schema: { type: 'string' } },
              ]),
            ),
          }),
      content: { [spec.contentType ?? 'application/json']: { schema: refTo(spec.schema) } },
    };
  }
  responses.default = {
    description:
      'An unexpected failure (500 INTERNAL); an unknown path is 404 ROUTE_NOT_FOUND, a wrong method 405',
    content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
  };
  return {
    operationId: route.operationId,
    summary: route.summary,
    description: route.description,
    ...(route.query === undefined
      ? {}
      : {
          parameters: route.query.map((q) => ({
            name: q.name,
            in: 'query',
            required: q.required,
            description: q.description,
            schema: { type: 'string' },
          })),
        }),
    ...(route.requestBody === undefined
      ? {}
      : {
          requestBody: {
            required: true,
            content: { 'application/json': { schema: refTo(route.requestBody) } },
          },
        }),
    responses,
  };
}
