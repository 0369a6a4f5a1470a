import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { AdmissionAudit } from '../core/admission/admission-audit';
import { BREAK_GLASS_USED } from '../runtime/metric-names';
import { logger, metrics } from '../runtime/logging';

/**
 * Writes an admission decision as one structured JSON log line (`message: "admission decision"`, the
 * audit fields under `admission`), and counts break-glass uses. The line holds names, references and
 * statuses only (see AdmissionAudit).
 */
export function auditToLog(line: AdmissionAudit): void {
  logger.info('admission decision', { admission: line });
  if (line.decision === 'break-glass') {
    logger.warn('break-glass used', { admission: line });
    metrics.addMetric(BREAK_GLASS_USED, MetricUnit.Count, 1);
  }
}
