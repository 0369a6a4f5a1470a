import type { VerdictValidity } from '../verdict/verdict';

/**
 * The validity an index inherits from its platforms: the one that ends first (the earliest
 * `validUntil`, else the earliest `staleAt`), so that a lookup of the index digest denies the moment
 * any platform's verdict would, before the reconciler has re-derived the index.
 */
export function earliestValidity(
  validities: readonly (VerdictValidity | undefined)[],
): VerdictValidity | undefined {
  const known = validities.filter((v): v is VerdictValidity => v !== undefined);
  const ending = (v: VerdictValidity) => v.validUntil ?? '\uffff';
  return known.reduce<VerdictValidity | undefined>((best, v) => {
    if (best === undefined) return v;
    const order = ending(v).localeCompare(ending(best)) || v.staleAt.localeCompare(best.staleAt);
    return order < 0 ? v : best;
  }, undefined);
}
