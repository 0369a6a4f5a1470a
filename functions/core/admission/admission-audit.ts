import type { AnswerStatus } from '../lookup/verdict-answer';
import type { NamespaceMode } from './admission-mode';

/** What became of one admission request. */
export type AdmissionDecision = 'allowed' | 'denied' | 'warned' | 'break-glass' | 'not-checked';

/**
 * One audit line per admission decision: who asked for what, each image with its status, the
 * decision and the mode. Only names, references and statuses: never the object, its environment
 * variables or any credential.
 */
export interface AdmissionAudit {
  readonly user: string;
  readonly namespace?: string;
  readonly kind: string;
  readonly name: string;
  readonly operation: string;
  readonly subResource?: string;
  /** The images checked (on UPDATE: only the new ones), each with its answer's status. */
  readonly images: readonly { readonly image: string; readonly status: AnswerStatus | 'INVALID' }[];
  readonly decision: AdmissionDecision;
  readonly mode: NamespaceMode;
  /** Why, in one line: the denial, the break-glass reason, or why nothing was checked. */
  readonly reason?: string;
}

/** Receives the audit line of each decision (the adapter writes it as structured JSON). */
export type AdmissionAuditSink = (line: AdmissionAudit) => void;
