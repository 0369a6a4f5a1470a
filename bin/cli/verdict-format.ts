import type { VerdictAnswer } from '../../functions/core/lookup/verdict-answer';
import { fields, plain, type Emphasis, type Tone } from './output';

/**
 * A verdict answer for people: status, every reason, the checks, scan, signature and times. The status
 * is emphasised as `emphasize` does it (plain by default).
 */
export function formatVerdict(answer: VerdictAnswer, emphasize: Emphasis = plain): string {
  const { scan, signature, times } = answer;
  return fields([
    ['image', answer.image],
    [
      'status',
      `${emphasize(answer.status, tone(answer))}: ${answer.allowed ? 'may run' : 'may not run'}${answer.final ? '' : ' (not final: ask again shortly)'}`,
    ],
    [
      'checks',
      Object.entries(answer.checks)
        .map(([layer, result]) => `${layer} ${result}`)
        .join(', '),
    ],
    ...answer.reasons.map(
      (r, i) =>
        [
          i === 0 ? 'reasons' : '',
          `[${r.layer}] ${r.code}: ${r.message}${r.cveIds?.length ? ` (${r.cveIds.join(', ')})` : ''}`,
        ] as const,
    ),
    ['policy', answer.policyVersion],
    ['scan', scan && `${scan.source}, completed ${scan.completedAt}: ${severities(scan.severityCounts)}`],
    ['signature', signature && `key ${signature.keyId}, signed ${signature.signedAt}`],
    ...(signature?.artifacts ?? []).map((a) => ['', `${a.kind} ${a.location}`] as const),
    ['first seen', times?.firstSeenAt],
    ['decided', times?.decidedAt],
    ['updated', times?.updatedAt],
  ]);
}

/** `CRITICAL 0, HIGH 2`, or `no findings`. */
function severities(counts: Readonly<Partial<Record<string, number>>>): string {
  const listed = Object.entries(counts).filter(([, n]) => n !== undefined);
  return listed.length === 0 ? 'no findings' : listed.map(([s, n]) => `${s} ${n}`).join(', ');
}

/** Green when it may run, yellow while not final, red when it may not. */
function tone(answer: VerdictAnswer): Tone {
  if (answer.allowed) return 'good';
  return answer.final ? 'bad' : 'pending';
}
