import { quote } from '../reference/quote';
import { repositoryFromArn } from '../reference/repository-arn';
import type { CompiledPolicy } from './compiled-policy';
import { compileGlob } from './glob';
import type { PolicyDecision, Reason } from './policy-decision';
import type { UnscannableExemption } from './policy-schema';

/** An image ECR's scanner cannot read, and what ECR said about it. */
export interface UnscannableImage {
  readonly repository: string;
  readonly digest: string;
  /** `UNSUPPORTED_IMAGE`. */
  readonly status: string;
  readonly description?: string;
  readonly now: Date;
}

/**
 * Judges an image that has no scan because ECR cannot scan it. `pass` when an unexpired
 * `unscannableExemptions` entry names its repository or digest (the reason, owner and expiry are in the
 * verdict), or when its rules say `requireScan: false`; `fail` otherwise. An expired exemption no
 * longer applies and is named in a note.
 */
export function evaluateUnscannable(policy: CompiledPolicy, image: UnscannableImage): PolicyDecision {
  const repository = repositoryFromArn(image.repository).name;
  const nowMs = image.now.getTime();
  const rules = policy.rulesFor(repository);
  const matching = policy.document.unscannableExemptions
    .map((exemption, index) => ({ exemption, origin: `unscannableExemptions[${index}]` }))
    .filter(({ exemption }) => covers(exemption, repository, image.digest));
  const live = matching.find(({ exemption }) => Date.parse(exemption.expires) > nowMs);
  const expired = matching
    .filter(({ exemption }) => Date.parse(exemption.expires) <= nowMs)
    .map(({ exemption, origin }) =>
      reason(
        'EXEMPTION_EXPIRED',
        'note',
        `${origin} (owner ${quote(exemption.owner)}: ${exemption.reason}) expired at ${exemption.expires} and no longer applies`,
      ),
    );
  const said = `ECR cannot scan ${quote(repository)}@${image.digest} (${image.status}${image.description ? `: ${image.description}` : ''})`;
  let verdict: Reason;
  if (live) {
    const { exemption, origin } = live;
    verdict = reason(
      'SCAN_EXEMPT',
      'note',
      `${said}; it runs unscanned under ${origin}, owner ${quote(exemption.owner)}, until ${exemption.expires}: ${exemption.reason}`,
    );
  } else if (!rules.requireScan) {
    verdict = reason(
      'SCAN_UNSUPPORTED',
      'note',
      `${said}; the policy does not require a scan (${rules.source})`,
    );
  } else {
    verdict = reason(
      'SCAN_UNSUPPORTED',
      'fail',
      `${said}, and the policy requires a scan (${rules.source}): add an unscannableExemptions entry to let it run`,
    );
  }
  return {
    outcome: verdict.effect === 'fail' ? 'fail' : 'pass',
    policyVersion: policy.version,
    repository,
    rules: rules.source,
    evaluatedAt: image.now.toISOString(),
    reasons: [verdict, ...expired],
  };
}

function covers(exemption: UnscannableExemption, repository: string, digest: string): boolean {
  if (exemption.digests?.some((d) => d === digest)) return true;
  return exemption.repositories?.some((pattern) => compileGlob(pattern).matches(repository)) ?? false;
}

function reason(code: Reason['code'], effect: Reason['effect'], message: string): Reason {
  return { code, effect, message, cveIds: [] };
}
