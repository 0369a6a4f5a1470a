import type { LookupDeps } from '../lookup/lookup-deps';
import type { BreakGlassLog } from '../ports/break-glass-log';
import type { AdmissionAuditSink } from './admission-audit';

/** What the AdmissionReview needs: the lookup's ports, where audit lines go, and the break-glass log. */
export interface AdmissionDeps extends LookupDeps {
  /** Told every decision (the API writes it as one structured log line). */
  readonly audit?: AdmissionAuditSink;
  /**
   * Where break-glass uses are recorded. Without it break-glass is off: a denied object stays denied
   * (nothing is admitted that could not be recorded).
   */
  readonly breakGlass?: Pick<BreakGlassLog, 'record'>;
}
