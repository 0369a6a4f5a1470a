import type { RuntimeConfig } from '../config/runtime-config';
import { InvalidReferenceError } from '../errors';
import { checkAllowlist } from '../pipeline/allowlist';
import { canonicalReference } from '../reference/canonical';
import { parseImageReference, type ParsedImageReference } from '../reference/parse-image-reference';
import { requireDigest } from '../reference/require-digest';
import type { VerdictKey } from '../verdict/verdict';
import type { AnswerReason, CheckResult, VerdictAnswer } from './verdict-answer';

/**
 * What the first two layers say about a reference, before any read: either the answer is already
 * decided (it does not parse, has no digest, or is not allowlisted), or the verdict must be read.
 */
export type Assessment =
  | {
      readonly kind: 'decided';
      readonly answer: VerdictAnswer;
      /** Set when the reference itself is invalid (a lookup by reference answers 400). */
      readonly problem?: InvalidReferenceError;
    }
  | { readonly kind: 'read'; readonly key: VerdictKey; readonly image: string };

/**
 * Checks the allowlist and digest layers of one reference (pure). Both are checked, so that a denial
 * names every layer that fails; neither needs the store.
 */
export function assessReference(config: RuntimeConfig, input: string, checkedAt: string): Assessment {
  let ref: ParsedImageReference;
  try {
    ref = parseImageReference(input);
  } catch (error) {
    const problem = asReferenceError(error);
    return decided(
      input,
      'skipped',
      'fail',
      [reason('digest', 'INVALID_REFERENCE', problem.message)],
      checkedAt,
      problem,
    );
  }
  const allowlist = checkAllowlist(config.allowlist, {
    registry: ref.registry,
    repository: ref.repository,
    digest: ref.digest ?? '',
  });
  const reasons: AnswerReason[] = allowlist.allowed
    ? []
    : [reason('allowlist', 'NOT_ALLOWLISTED', allowlist.reason)];
  let problem: InvalidReferenceError | undefined;
  try {
    requireDigest(ref);
  } catch (error) {
    problem = asReferenceError(error);
    reasons.push(reason('digest', 'DIGEST_REQUIRED', problem.message));
  }
  const image = canonicalReference(ref);
  if (reasons.length > 0) {
    return decided(
      image,
      allowlist.allowed ? 'pass' : 'fail',
      problem ? 'fail' : 'pass',
      reasons,
      checkedAt,
      problem,
    );
  }
  return {
    kind: 'read',
    key: { registry: ref.registry, repository: ref.repository, digest: ref.digest ?? '' },
    image,
  };
}

function decided(
  image: string,
  allowlist: CheckResult,
  digest: CheckResult,
  reasons: readonly AnswerReason[],
  checkedAt: string,
  problem: InvalidReferenceError | undefined,
): Assessment {
  const answer: VerdictAnswer = {
    image,
    allowed: false,
    status: 'REJECTED',
    final: true,
    checks: { allowlist, digest, scan: 'skipped', signature: 'skipped' },
    reasons,
    checkedAt,
  };
  return problem === undefined ? { kind: 'decided', answer } : { kind: 'decided', answer, problem };
}

function reason(layer: AnswerReason['layer'], code: string, message: string): AnswerReason {
  return { layer, code, message };
}

function asReferenceError(error: unknown): InvalidReferenceError {
  if (error instanceof InvalidReferenceError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new InvalidReferenceError(`image reference is invalid: ${message}`, { cause: error });
}
