import { ImageTrustError } from '../errors';
import type { Reason } from '../policy/policy-decision';
import { ScanNotBoundError } from '../scan/scan-not-bound';
import { ScanUnusableError } from '../scan/scan-status';
import type { StoredManifest } from '../ports/registry';
import type { ScanSummary } from '../scan/scan-summary';
import type { VerdictKey } from '../verdict/verdict';
import type { PipelineDeps } from './pipeline-deps';

/** ECR said it cannot scan the image (UNSUPPORTED_IMAGE), in its scan event or its scan findings. */
export interface Unscannable {
  readonly status: string;
  readonly description?: string;
}

/** What the evaluation has to go on. */
export type Evidence =
  /** A scan (or none yet), with notes on evidence that was ignored. */
  | { readonly kind: 'scan'; readonly scan?: ScanSummary; readonly notes: readonly Reason[] }
  /** No scan can ever come: the policy decides whether the image may run unscanned. */
  | { readonly kind: 'unscannable'; readonly unscannable: Unscannable }
  /** A failed scan or a malformed report: evidence that cannot pass. */
  | { readonly kind: 'unusable'; readonly message: string };

/**
 * Reads an image's scan through the ScanReader port (handing it the manifest when already read) and sorts out what it means: a report about
 * another image is ignored (a note); UNSUPPORTED_IMAGE (told by the event, or answered by the reader)
 * is an unscannable image; other unusable scans and malformed reports fail closed. Retryable errors
 * are thrown.
 */
export async function readEvidence(
  deps: PipelineDeps,
  image: VerdictKey,
  known?: Unscannable,
  manifest?: StoredManifest,
): Promise<Evidence> {
  if (known) return { kind: 'unscannable', unscannable: known };
  try {
    return { kind: 'scan', scan: await deps.scans.readScan(image, manifest), notes: [] };
  } catch (error) {
    if (error instanceof ScanNotBoundError) {
      const note: Reason = { code: 'SCAN_NOT_BOUND', effect: 'note', message: error.message, cveIds: [] };
      return { kind: 'scan', notes: [note] };
    }
    if (error instanceof ScanUnusableError && error.status === 'UNSUPPORTED_IMAGE')
      return { kind: 'unscannable', unscannable: { status: error.status } };
    const unusable =
      error instanceof ImageTrustError &&
      !error.retryable &&
      (error.code === 'UNSUPPORTED' || error.code === 'UPSTREAM' || error.code === 'INVALID_INPUT');
    if (!unusable) throw error;
    return { kind: 'unusable', message: (error as Error).message };
  }
}
