import { UnauthorizedError } from '../core/errors';
import type { AcceptedCredential } from '../core/webhook/credential-check';
import type { ApiEvent, ApiResult } from '../http/api-event';
import { dispatch } from '../http/dispatch';
import { errorResult, HttpRequestError } from '../http/http-errors';
import { admissionRoute } from '../lookup-api/routes/cluster-routes';
import { logger } from '../runtime/logging';
import type { WebhookDeps } from './webhook-deps';

/** The one route of the webhook API (lib/api/admission-webhook-api.ts), as API Gateway names it. */
export const WEBHOOK_ROUTE_KEY = 'POST /v1/admission/{credential}';
/** The path the admission route answers on, put in place of the real one before anything logs it. */
const REDACTED_PATH = admissionRoute.path;

/**
 * The admission webhook endpoint EKS calls: `POST /v1/admission/{credential}`, no IAM, no client
 * certificate. The credential in the path is checked in constant time against the secret (current or
 * previous); then the request, its path replaced so that the credential is never logged, goes to the
 * same AdmissionReview route as the lookup API's. Nothing else is answered: any other route is 404.
 */
export function createWebhookRequestHandler(deps: WebhookDeps | (() => WebhookDeps)) {
  let built: WebhookDeps | undefined;
  const resolve = (): WebhookDeps => (built ??= typeof deps === 'function' ? deps() : deps);
  return async (event: ApiEvent): Promise<ApiResult> => {
    const requestId = event.requestContext?.requestId;
    const candidate = event.routeKey === WEBHOOK_ROUTE_KEY ? event.pathParameters?.credential : undefined;
    if (candidate === undefined) {
      logger.info('request refused', { api: 'admission-webhook', routeKey: event.routeKey, status: 404 });
      return errorResult(new HttpRequestError('ROUTE_NOT_FOUND', 'no such route'), requestId);
    }
    let ready: WebhookDeps;
    try {
      ready = resolve();
    } catch (error) {
      // A configuration error is the server's fault: 500, the cause only in the log.
      logger.error('the webhook endpoint cannot start', { error });
      return errorResult(new Error('not configured'), requestId);
    }
    let accepted: AcceptedCredential | undefined;
    try {
      accepted = await ready.credentials.accepts(candidate);
    } catch (error) {
      const result = errorResult(error, requestId);
      logger.error('the webhook credentials cannot be read', { status: result.statusCode, error });
      return result;
    }
    if (accepted === undefined) {
      logger.warn('request refused', { api: 'admission-webhook', reason: 'wrong credential', status: 403 });
      return errorResult(new UnauthorizedError('the credential in the path is not accepted'), requestId);
    }
    const redacted: ApiEvent = {
      ...event,
      rawPath: REDACTED_PATH,
      pathParameters: {},
      requestContext: {
        ...event.requestContext,
        http: { ...event.requestContext.http, path: REDACTED_PATH },
      },
    };
    return dispatch(redacted, ready, [admissionRoute], {
      api: 'admission-webhook',
      authenticate: () => ({ kind: 'webhook', id: accepted }),
    });
  };
}
