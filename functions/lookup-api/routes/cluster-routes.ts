import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { answerGatekeeper } from '../../core/admission/answer-gatekeeper';
import { reviewAdmission } from '../../core/admission/review-admission';
import { ADMISSION_DENIED, ADMISSION_WARNED, PROVIDER_OPEN_KEYS } from '../../runtime/metric-names';
import { metrics } from '../../runtime/logging';
import { jsonResult } from '../../http/http-response';
import { parseBody, readJsonBody } from '../../http/http-request';
import { admissionReviewRequestSchema, providerRequestSchema } from '../schemas/request-schemas';
import { admissionReviewResponseSchema, providerResponseSchema } from '../schemas/response-schemas';
import { auditToLog } from '../admission-audit-log';
import { AUTH_RESPONSES, BODY_RESPONSES, type Route } from './route';

/** `POST /v1/gatekeeper/provider`: Gatekeeper external data. */
export const gatekeeperProviderRoute: Route = {
  method: 'POST',
  path: '/v1/gatekeeper/provider',
  operationId: 'gatekeeperProvider',
  summary: 'Gatekeeper external-data provider',
  description:
    'ProviderRequest in, ProviderResponse out. Keys with a final answer get an item (Gatekeeper caches it); keys without one (PENDING, UNKNOWN, a failed lookup) are named in systemError, which Gatekeeper does not cache.',
  requestBody: providerRequestSchema,
  responses: {
    200: { description: 'The answers', schema: providerResponseSchema },
    ...BODY_RESPONSES,
    ...AUTH_RESPONSES,
  },
  async handle({ event, deps }) {
    const request = parseBody(providerRequestSchema, readJsonBody(event), 'ProviderRequest');
    const answer = await answerGatekeeper(deps, {
      ...request,
      request: { keys: request.request.keys ?? [] },
    });
    if (answer.response.systemError !== undefined) metrics.addMetric(PROVIDER_OPEN_KEYS, MetricUnit.Count, 1);
    return jsonResult(200, answer);
  },
};

/** `POST /v1/admission/validate`: the Kubernetes validating webhook. */
export const admissionRoute: Route = {
  method: 'POST',
  path: '/v1/admission/validate',
  operationId: 'validateAdmission',
  summary: 'Kubernetes validating admission webhook',
  description:
    'AdmissionReview v1 for Pods and workload templates: every image must be VERIFIED. Enforce or warn per namespace; exempt namespaces are not checked. A store failure is a denial (a warning in warn mode).',
  requestBody: admissionReviewRequestSchema,
  responses: {
    200: { description: 'The review, request.uid echoed', schema: admissionReviewResponseSchema },
    ...BODY_RESPONSES,
    ...AUTH_RESPONSES,
  },
  async handle({ event, deps }) {
    const review = parseBody(admissionReviewRequestSchema, readJsonBody(event), 'AdmissionReview');
    const { namespace, ...request } = review.request;
    const answer = await reviewAdmission(
      { ...deps, audit: auditToLog },
      {
        ...review,
        request: namespace ? { ...request, namespace } : request,
      },
    );
    const { allowed, warnings } = answer.response;
    if (!allowed) metrics.addMetric(ADMISSION_DENIED, MetricUnit.Count, 1);
    else if (warnings !== undefined) metrics.addMetric(ADMISSION_WARNED, MetricUnit.Count, 1);
    return jsonResult(200, answer);
  },
};
