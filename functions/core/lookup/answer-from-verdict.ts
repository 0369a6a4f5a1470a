import type { Verdict, VerdictReason } from '../verdict/verdict';
import { freshnessAt } from './freshness-answer';
import type {
  AnswerReason,
  AnswerStatus,
  CheckResult,
  Layer,
  SignatureAnswer,
  VerdictAnswer,
} from './verdict-answer';

type StoredStatus = Verdict['status'];

/** Statuses that waiting can change: an answer with one of them is not final. */
const NOT_FINAL: ReadonlySet<AnswerStatus> = new Set(['PENDING', 'UNKNOWN']);

/** Whether an answer with this status may change soon (and must not be cached). */
export function isFinalStatus(status: AnswerStatus): boolean {
  return !NOT_FINAL.has(status);
}

/**
 * The answer for a digest that passed the allowlist and digest layers, from its verdict (undefined:
 * none recorded). The scan layer fails for an image not (yet) evaluated, rejected, or revoked for a
 * CVE; the signature layer for an image revoked for another reason or deleted. A VERIFIED verdict is
 * judged on the clock too (freshness-answer.ts): denied from its `validUntil` on (VERDICT_EXPIRED),
 * allowed with a SCAN_STALE warning once its scan is stale.
 */
export function answerFromVerdict(
  image: string,
  verdict: Verdict | undefined,
  checkedAt: string,
): VerdictAnswer {
  if (verdict === undefined) {
    return {
      image,
      allowed: false,
      status: 'UNKNOWN',
      final: false,
      checks: checks('fail', 'skipped'),
      reasons: [
        {
          layer: 'scan',
          code: 'NO_VERDICT',
          message:
            'image-trust has no verdict for this digest: push it to an allowlisted ECR repository, or wait for the pipeline to see the push',
        },
      ],
      checkedAt,
    };
  }
  const freshness = freshnessAt(verdict, checkedAt);
  const expired = freshness.kind === 'expired';
  const [scan, signature] = expired ? (['fail', 'skipped'] as const) : layerResults(verdict);
  const failing: Layer = scan === 'fail' ? 'scan' : 'signature';
  const stored = reasonsOf(verdict, failing);
  const status = expired ? 'REJECTED' : verdict.status;
  return {
    image,
    allowed: status === 'VERIFIED',
    status,
    final: isFinalStatus(status),
    checks: checks(scan, signature),
    // An expired verdict's own reasons (the exception applied, within the limits) no longer hold.
    reasons: expired
      ? freshness.reasons
      : freshness.kind === 'stale' && !stored.some((r) => r.code === 'SCAN_STALE')
        ? [freshness.warning, ...stored]
        : stored,
    ...(verdict.validUntil === undefined ? {} : { validUntil: verdict.validUntil }),
    ...(verdict.policyVersion === undefined ? {} : { policyVersion: verdict.policyVersion }),
    ...(verdict.scan === undefined
      ? {}
      : {
          scan: {
            source: verdict.scan.source,
            completedAt: verdict.scan.completedAt,
            severityCounts: verdict.scan.severityCounts,
          },
        }),
    ...(verdict.signature === undefined ? {} : { signature: signatureOf(verdict.signature) }),
    times: {
      firstSeenAt: verdict.firstSeenAt,
      updatedAt: verdict.updatedAt,
      lastEventAt: verdict.lastEventAt,
      ...(verdict.decidedAt === undefined ? {} : { decidedAt: verdict.decidedAt }),
    },
    checkedAt,
  };
}

/** The scan and signature results a stored status means. */
function layerResults(verdict: Verdict): [CheckResult, CheckResult] {
  const table: Record<StoredStatus, [CheckResult, CheckResult]> = {
    VERIFIED: ['pass', 'pass'],
    PENDING: ['fail', 'skipped'],
    REJECTED: ['fail', 'skipped'],
    REVOKED: verdict.reasons.some((r) => (r.cveIds?.length ?? 0) > 0)
      ? ['fail', 'skipped']
      : ['pass', 'fail'],
    DELETED: ['skipped', 'fail'],
  };
  return table[verdict.status];
}

function checks(scan: CheckResult, signature: CheckResult): Record<Layer, CheckResult> {
  return { allowlist: 'pass', digest: 'pass', scan, signature };
}

function reasonsOf(verdict: Verdict, failing: Layer): AnswerReason[] {
  const layer: Layer = verdict.status === 'VERIFIED' ? 'scan' : failing;
  const stored = verdict.reasons.map((r) => reason(layer, r));
  if (stored.length > 0) return stored;
  switch (verdict.status) {
    case 'PENDING':
      return [
        {
          layer,
          code: 'PENDING',
          message: `not evaluated yet: first seen ${verdict.firstSeenAt}, waiting for scan results; ask again shortly`,
        },
      ];
    case 'REJECTED':
      return [
        { layer, code: 'REJECTED', message: `rejected by policy ${verdict.policyVersion ?? '(unknown)'}` },
      ];
    case 'REVOKED':
      return [{ layer, code: 'REVOKED', message: 'trust in this image was revoked' }];
    default:
      return [];
  }
}

function reason(layer: Layer, r: VerdictReason): AnswerReason {
  return {
    layer,
    code: r.code,
    message: r.message,
    ...(r.cveIds === undefined ? {} : { cveIds: [...r.cveIds] }),
  };
}

function signatureOf(signature: NonNullable<Verdict['signature']>): SignatureAnswer {
  return {
    keyId: signature.keyId,
    signedAt: signature.signedAt,
    signedDigests: [...signature.signedDigests],
    artifacts: signature.artifacts.map((a) => ({
      kind: a.kind,
      subjectDigest: a.subjectDigest,
      location: a.location,
    })),
  };
}
