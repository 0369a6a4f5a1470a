import { MetricUnit } from '@aws-lambda-powertools/metrics';
import * as z from 'zod';
import type { ApiEvent, ApiResult } from '../http/api-event';
import type { Caller } from '../http/caller';
import { parseBody, readJsonBody } from '../http/http-request';
import { jsonResult } from '../http/http-response';
import { requestReevaluation } from '../core/admin/request-reevaluation';
import { revokeImage } from '../core/admin/revoke-image';
import { answerFromVerdict } from '../core/lookup/answer-from-verdict';
import type { VerdictAnswer } from '../core/lookup/verdict-answer';
import { canonicalReference } from '../core/reference/canonical';
import { MANUAL_REEVALUATIONS, MANUAL_REVOCATIONS } from '../runtime/metric-names';
import { logger, metrics } from '../runtime/observability';
import type { AdminApiDeps } from './admin-deps';
import { breakGlassRoute } from './break-glass-route';

/** The reason a re-evaluation gets when the caller gives none. */
export const DEFAULT_REEVALUATION_REASON = 're-evaluation requested by hand';

/** What both admin routes answer: what was done, and the verdict afterwards (as GET /v1/verdicts shows it). */
export interface AdminAnswer {
  readonly action: 'revoked' | 'reevaluation-requested';
  /** Revocation only: whether the stored verdict changed. */
  readonly changed?: boolean;
  /** The id of the manual event (`manual:<uuid>`), to find it in the verdict's history. */
  readonly eventId: string;
  readonly verdict: VerdictAnswer;
}

/** One admin route. */
export interface AdminRoute {
  readonly method: 'GET' | 'POST';
  readonly path: string;
  handle(context: {
    readonly event: ApiEvent;
    readonly deps: AdminApiDeps;
    readonly caller: Caller;
  }): Promise<ApiResult>;
}

const image = z.string().min(1).max(2048);
/** The body of `POST /v1/admin/revoke`; the reason's own limits are checked by the use case. */
export const revokeRequestSchema = z.strictObject({ image, reason: z.string().max(2048) });
/** The body of `POST /v1/admin/reevaluate`. */
export const reevaluateRequestSchema = z.strictObject({ image, reason: z.string().max(2048).optional() });

/** `POST /v1/admin/revoke` `{image, reason}`: 200 with the verdict after the revocation. */
export const revokeRoute: AdminRoute = {
  method: 'POST',
  path: '/v1/admin/revoke',
  async handle({ event, deps, caller }) {
    const body = parseBody(revokeRequestSchema, readJsonBody(event), 'revoke request');
    const result = await revokeImage(deps, body.image, body.reason, caller.id);
    const ref = canonicalReference(result.key);
    logger.info('image revoked by hand', {
      image: ref,
      by: caller.id,
      reason: body.reason,
      status: result.verdict.status,
    });
    metrics.addMetric(MANUAL_REVOCATIONS, MetricUnit.Count, 1);
    const answer: AdminAnswer = {
      action: 'revoked',
      changed: result.changed,
      eventId: result.event.id,
      verdict: answerFromVerdict(ref, result.verdict, deps.now().toISOString()),
    };
    return jsonResult(200, answer);
  },
};

/** `POST /v1/admin/reevaluate` `{image, reason?}`: 202, the evaluation runs in the signer. */
export const reevaluateRoute: AdminRoute = {
  method: 'POST',
  path: '/v1/admin/reevaluate',
  async handle({ event, deps, caller }) {
    const body = parseBody(reevaluateRequestSchema, readJsonBody(event), 'reevaluate request');
    const reason = body.reason ?? DEFAULT_REEVALUATION_REASON;
    const result = await requestReevaluation(deps, body.image, reason, caller.id);
    const ref = canonicalReference(result.key);
    logger.info('re-evaluation requested by hand', { image: ref, by: caller.id, reason });
    metrics.addMetric(MANUAL_REEVALUATIONS, MetricUnit.Count, 1);
    const answer: AdminAnswer = {
      action: 'reevaluation-requested',
      eventId: result.event.id,
      verdict: answerFromVerdict(ref, result.verdict, deps.now().toISOString()),
    };
    return jsonResult(202, answer);
  },
};

/** Every admin route. */
export const ADMIN_ROUTES: readonly AdminRoute[] = [revokeRoute, reevaluateRoute, breakGlassRoute];
