import type { AnswerStatus } from '../../functions/core/lookup/verdict-answer';
import { canonicalReference } from '../../functions/core/reference/canonical';
import { parseImageReference } from '../../functions/core/reference/parse-image-reference';
import type { BatchResult } from './api-client';
import { EXIT, type ExitCode } from './exit-codes';
import type { PodContainer } from './pod-images';

/**
 * The categories of the audit, in the order the table lists them:
 * - `tag-only`: the spec names no digest; admission would refuse it (pin it: `image-trust resolve`)
 * - `unverified`: a digest image-trust has not decided on yet (PENDING) or does not know (UNKNOWN)
 * - `rejected`: a digest denied for good (REJECTED, REVOKED, DELETED, not allowlisted) or a
 *   reference that does not parse
 * - `verified`: may run
 */
export const AUDIT_CATEGORIES = ['tag-only', 'unverified', 'rejected', 'verified'] as const;
export type AuditCategory = (typeof AUDIT_CATEGORIES)[number];

/** One audited container. */
export interface AuditRow extends PodContainer {
  readonly category: AuditCategory;
  /** The canonical reference, when the image parses. */
  readonly reference?: string;
  /** The verdict's status, when it was looked up. */
  readonly status?: AnswerStatus;
  /** Why, as `CODE: message`, several joined with `; `. */
  readonly reason: string;
  /** A hint: what the kubelet runs (for pinning a tag), or that it runs another digest. */
  readonly note?: string;
}

/** How many containers fell in each category. */
export type AuditSummary = { readonly total: number } & Readonly<Record<AuditCategory, number>>;

/** What the audit makes of one image before any lookup. */
export type ImageCheck =
  | { readonly kind: 'lookup'; readonly reference: string }
  | { readonly kind: 'tag-only'; readonly reference: string }
  | { readonly kind: 'invalid'; readonly reason: string };

const CATEGORY_OF: Readonly<Record<AnswerStatus, AuditCategory>> = {
  VERIFIED: 'verified',
  PENDING: 'unverified',
  UNKNOWN: 'unverified',
  REJECTED: 'rejected',
  REVOKED: 'rejected',
  DELETED: 'rejected',
};

/** The category of a verdict status. */
export function categoryOf(status: AnswerStatus): AuditCategory {
  return CATEGORY_OF[status];
}

/** Whether an image names a digest (then its canonical reference is looked up), only a tag, or nothing valid. */
export function checkImage(image: string): ImageCheck {
  try {
    const ref = parseImageReference(image);
    const reference = canonicalReference(ref);
    return ref.digest === undefined ? { kind: 'tag-only', reference } : { kind: 'lookup', reference };
  } catch (error) {
    return { kind: 'invalid', reason: `INVALID_REFERENCE: ${(error as Error).message}` };
  }
}

/** The distinct canonical references the containers pin by digest: what the batch lookup must answer. */
export function referencesToLookUp(containers: readonly PodContainer[]): string[] {
  const refs = containers
    .map((c) => checkImage(c.image))
    .flatMap((c) => (c.kind === 'lookup' ? [c.reference] : []));
  return [...new Set(refs)];
}

/**
 * Sorts every container into its category, with the reason, using the batch answers by canonical
 * reference. Rows come in category order (AUDIT_CATEGORIES), then by namespace and pod; a pod's containers in spec order.
 */
export function sortContainers(
  containers: readonly PodContainer[],
  answers: ReadonlyMap<string, BatchResult>,
): AuditRow[] {
  const rows = containers.map((container) => auditRow(container, answers));
  const rank = (row: AuditRow) => AUDIT_CATEGORIES.indexOf(row.category);
  return rows.sort(
    (a, b) => rank(a) - rank(b) || a.namespace.localeCompare(b.namespace) || a.pod.localeCompare(b.pod),
  );
}

/** The count of each category. */
export function summarize(rows: readonly AuditRow[]): AuditSummary {
  const counts = Object.fromEntries(
    AUDIT_CATEGORIES.map((c) => [c, rows.filter((r) => r.category === c).length]),
  );
  return { total: rows.length, ...(counts as Record<AuditCategory, number>) };
}

/** 0 when every container is verified (or there are none), 1 when any is not. */
export function auditExitCode(rows: readonly AuditRow[]): ExitCode {
  return rows.every((r) => r.category === 'verified') ? EXIT.OK : EXIT.NO;
}

function auditRow(container: PodContainer, answers: ReadonlyMap<string, BatchResult>): AuditRow {
  const check = checkImage(container.image);
  const running = container.runningImage;
  if (check.kind === 'invalid') {
    return { ...container, category: 'rejected', reason: check.reason };
  }
  if (check.kind === 'tag-only') {
    return {
      ...container,
      category: 'tag-only',
      reference: check.reference,
      reason: 'DIGEST_REQUIRED: no digest: admission needs one',
      ...(running === undefined ? {} : { note: `runs ${running}` }),
    };
  }
  const result = answers.get(check.reference);
  const base = { ...container, reference: check.reference };
  if (result === undefined) {
    return { ...base, category: 'unverified', reason: 'NOT_LOOKED_UP: no answer for this image' };
  }
  if ('error' in result) {
    return { ...base, category: 'rejected', reason: `INVALID_REFERENCE: ${result.error.message}` };
  }
  const { answer } = result;
  const digest = check.reference.slice(check.reference.indexOf('@') + 1);
  return {
    ...base,
    category: categoryOf(answer.status),
    status: answer.status,
    reason: answer.reasons.map((r) => `${r.code}: ${r.message}`).join('; ') || answer.status,
    ...(running === undefined || running.endsWith(digest) ? {} : { note: `runs another digest: ${running}` }),
  };
}
