import type { Verdict, VerdictReason, VerdictStatus } from './verdict';
import type { LatestEvents, VerdictEvent } from './verdict-event';

/** The fields of a verdict that follow from its newest events and its status. */
export type DerivedFields = Pick<
  Verdict,
  | 'status'
  | 'reasons'
  | 'decidedAt'
  | 'policyVersion'
  | 'scan'
  | 'signature'
  | 'validUntil'
  | 'validity'
  | 'lastEventAt'
>;

/** The reason a DELETED verdict gives. */
export const DELETED_REASON: VerdictReason = {
  code: 'IMAGE_DELETED',
  message: 'the digest was deleted from its repository',
};

/**
 * Fills in what a status means: which event decided it (`decidedAt`), its reasons, and the newest
 * evaluation's policy version, scan and signature (shown unless PENDING: a PENDING verdict has no
 * current evaluation), and a VERIFIED verdict's validity. Pure; undefined fields are left out.
 *
 * @param status the status `latest` replays to (state-machine.ts)
 */
export function derivedFields(latest: LatestEvents, status: VerdictStatus): DerivedFields {
  const decider = deciderOf(latest, status);
  const evaluated = status === 'PENDING' ? undefined : latest.Evaluated;
  return omitUndefined({
    status,
    reasons: reasonsOf(latest, status),
    decidedAt: decider?.at,
    policyVersion: evaluated?.policyVersion,
    scan: evaluated?.scan,
    signature: evaluated?.signature,
    // Only a VERIFIED verdict allows, so only it can expire.
    validUntil: status === 'VERIFIED' ? evaluated?.validity?.validUntil : undefined,
    validity: status === 'VERIFIED' ? evaluated?.validity : undefined,
    lastEventAt: newestTime(latest),
  });
}

function deciderOf(latest: LatestEvents, status: VerdictStatus): VerdictEvent | undefined {
  switch (status) {
    case 'VERIFIED':
    case 'REJECTED':
      return latest.Evaluated;
    case 'REVOKED':
      return latest.Revoked;
    case 'DELETED':
      return latest.Deleted;
    case 'PENDING':
      return undefined;
  }
}

function reasonsOf(latest: LatestEvents, status: VerdictStatus): readonly VerdictReason[] {
  switch (status) {
    case 'VERIFIED':
    case 'REJECTED':
      return latest.Evaluated?.reasons ?? [];
    case 'REVOKED':
      return latest.Revoked?.reasons ?? [];
    case 'DELETED':
      return [DELETED_REASON];
    case 'PENDING':
      return [];
  }
}

function newestTime(latest: LatestEvents): string {
  const times = [latest.Observed, latest.Evaluated, latest.Revoked, latest.Deleted].flatMap((e) =>
    e === undefined ? [] : [e.at],
  );
  return times.reduce((a, b) => (b > a ? b : a), '');
}

function omitUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
