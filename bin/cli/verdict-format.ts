import type { VerdictAnswer } from '../../functions/core/lookup/verdict-answer';
import { fields } from './output';

/** A verdict answer for people: status, every reason, the checks, scan, signature and times. */
export function formatVerdict(answer: VerdictAnswer): string {
  const { scan, signature, times } = answer;
  return fields([
    ['image', answer.image],
    [
      'status',
      `${answer.status}: ${answer.allowed ? 'may run' : 'may not run'}${answer.final ? '' : ' (not final: ask again shortly)'}`,
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
