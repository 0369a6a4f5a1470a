import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { SealRefusal } from '../core/lookup/seal-answer';
import { VERDICT_SEAL_REFUSED } from '../runtime/metric-names';
import { logger, metrics } from '../runtime/logging';

/**
 * A VERIFIED item refused for its seal: one warning line (the image and the reason, never the item) and
 * one VerdictSealRefused count, which alarms on any.
 */
export function logSealRefusal(refusal: SealRefusal): void {
  logger.warn('verdict seal refused', {
    image: `${refusal.registry}/${refusal.repository}@${refusal.digest}`,
    code: refusal.code,
    reason: refusal.message,
  });
  metrics.addMetric(VERDICT_SEAL_REFUSED, MetricUnit.Count, 1);
}
