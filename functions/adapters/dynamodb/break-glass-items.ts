import type { BreakGlassUse } from '../../core/ports/break-glass-log';
import type { Item } from './verdict-items';
import { BREAK_GLASS_PK, HISTORY_SK_PREFIX } from './verdict-table';

/** A break-glass item is written once: the PutItem condition. */
export const NEVER_OVERWRITE = 'attribute_not_exists(pk)';

/** A break-glass use as its item (`pk = BREAK_GLASS`, `sk = HISTORY#<at>#<uid>`), kept `ttlDays`. */
export function toBreakGlassItem(use: BreakGlassUse, ttlDays: number): Item {
  return {
    pk: BREAK_GLASS_PK,
    sk: `${HISTORY_SK_PREFIX}${use.at}#${use.uid}`,
    itemType: 'BREAK_GLASS',
    ...use,
    images: use.images.map((i) => ({ image: i.image, status: i.status })),
    ttl: Math.ceil(Date.parse(use.at) / 1000) + ttlDays * 86_400,
  };
}
