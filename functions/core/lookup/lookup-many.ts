import { ImageTrustError, UpstreamError, type InvalidReferenceError } from '../errors';
import type { Verdict, VerdictKey } from '../verdict/verdict';
import type { SealableVerdict, TrustedSealKeys } from '../verdict/verdict-seal';
import { answerFromVerdict } from './answer-from-verdict';
import { assessReference, type Assessment } from './assess-reference';
import type { LookupDeps } from './lookup-deps';
import { judgeSeal, sealKeysMissingAnswer, sealRefusedAnswer } from './seal-answer';
import type { VerdictAnswer } from './verdict-answer';
import { asLookupError, LookupTimeoutError, withTimeout } from './with-timeout';

/**
 * The answer for one reference as given. `problem` says why there is no real answer: the reference
 * is invalid (INVALID_INPUT), or the store failed or was too slow (UPSTREAM, THROTTLED). Either way
 * `answer` denies, with the reason, so a caller that only looks at the answer fails closed.
 */
export interface LookupOutcome {
  readonly input: string;
  readonly answer: VerdictAnswer;
  readonly problem?: InvalidReferenceError | ImageTrustError;
}

/**
 * Answers many references with at most one read per distinct image, all in one store call (`get` for
 * a single image, `getMany` for more) bounded by `deps.timeoutMs`. References that the allowlist or
 * digest layer already denies are not read. A store failure or timeout denies every reference that
 * needed a read (fail closed) and is reported as its `problem`. A VERIFIED item allows only when its
 * seal verifies with `deps.sealKeys` (read beside the verdicts, within the same budget); otherwise it
 * is denied VERDICT_UNSIGNED or VERDICT_TAMPERED and told to `deps.onSealRefused`, and when the keys
 * cannot be had, SEAL_KEYS_UNAVAILABLE with the failure as its `problem`.
 */
export async function lookupMany(deps: LookupDeps, inputs: readonly string[]): Promise<LookupOutcome[]> {
  const checkedAt = deps.now().toISOString();
  const assessed = inputs.map((input) => assessReference(deps.config, input, checkedAt));
  const keys = assessed.flatMap((a) => (a.kind === 'read' ? [a.key] : []));
  let verdicts: readonly (Verdict | undefined)[] = [];
  let failure: ImageTrustError | undefined;
  let sealKeys: TrustedSealKeys | ImageTrustError | undefined;
  if (keys.length > 0) {
    try {
      [verdicts, sealKeys] = await withTimeout(
        Promise.all([read(deps.store, keys), trustedKeys(deps)]),
        deps.timeoutMs,
        'the verdict lookup',
      );
    } catch (error) {
      failure = asLookupError(error, 'the verdict lookup');
    }
  }
  let next = 0;
  return assessed.map((assessment, i) => {
    const input = inputs[i] ?? '';
    if (assessment.kind === 'decided') return decidedOutcome(input, assessment);
    const verdict = verdicts[next++];
    if (failure !== undefined)
      return { input, answer: failedAnswer(assessment, failure, checkedAt), problem: failure };
    if (verdict?.status !== 'VERIFIED')
      return { input, answer: answerFromVerdict(assessment.image, verdict, checkedAt) };
    if (sealKeys === undefined || sealKeys instanceof ImageTrustError) {
      const problem = sealKeys ?? new UpstreamError('the trusted seal keys were not read');
      return { input, answer: sealKeysMissingAnswer(assessment.image, problem, checkedAt), problem };
    }
    const seal = judgeSeal(verdict as SealableVerdict, sealKeys);
    if (seal.ok) return { input, answer: answerFromVerdict(assessment.image, verdict, checkedAt) };
    deps.onSealRefused?.({ ...assessment.key, code: seal.code, message: seal.message });
    return { input, answer: sealRefusedAnswer(assessment.image, seal, checkedAt) };
  });
}

/** The trusted seal keys, or why they cannot be had (only VERIFIED items need them: no throw here). */
async function trustedKeys(deps: LookupDeps): Promise<TrustedSealKeys | ImageTrustError> {
  try {
    return await deps.sealKeys.trustedKeys();
  } catch (error) {
    return asLookupError(error, 'reading the trusted seal keys');
  }
}

/** One image: one GetItem; more: one batch (BatchGetItem), in the order of `keys`. */
async function read(
  store: LookupDeps['store'],
  keys: readonly VerdictKey[],
): Promise<readonly (Verdict | undefined)[]> {
  const distinct = new Set(keys.map((k) => `${k.registry}/${k.repository}@${k.digest}`));
  const [first] = keys;
  if (distinct.size === 1 && first !== undefined) {
    const verdict = await store.get(first);
    return keys.map(() => verdict);
  }
  return store.getMany(keys);
}

function decidedOutcome(input: string, assessment: Extract<Assessment, { kind: 'decided' }>): LookupOutcome {
  return assessment.problem === undefined
    ? { input, answer: assessment.answer }
    : { input, answer: assessment.answer, problem: assessment.problem };
}

/** The denial a failed lookup gives: UNKNOWN, not final, with the reason. */
function failedAnswer(
  assessment: { readonly image: string },
  failure: ImageTrustError,
  checkedAt: string,
): VerdictAnswer {
  const timedOut = failure instanceof LookupTimeoutError;
  return {
    image: assessment.image,
    allowed: false,
    status: 'UNKNOWN',
    final: false,
    checks: { allowlist: 'pass', digest: 'pass', scan: 'fail', signature: 'skipped' },
    reasons: [
      {
        layer: 'scan',
        code: timedOut ? 'LOOKUP_TIMEOUT' : 'LOOKUP_FAILED',
        message: timedOut
          ? `the verdict store did not answer within ${failure.timeoutMs} ms: denied until it does`
          : `the verdict could not be read (${failure.code}): denied until it can`,
      },
    ],
    checkedAt,
  };
}
