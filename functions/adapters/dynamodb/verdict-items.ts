import { UpstreamError } from '../../core/errors';
import {
  VERDICT_STATUSES,
  type Verdict,
  type VerdictSeal,
  type VerdictStatus,
} from '../../core/verdict/verdict';
import type { VerdictEvent } from '../../core/verdict/verdict-event';
import type { VerdictHistoryEntry } from '../../core/verdict/verdict-store';
import { historySk, imagePk, reviewIndexKeys, statusIndexKeys, VERDICT_SK } from './verdict-table';

/** An item as the DocumentClient reads and writes it. */
export type Item = Record<string, unknown>;

/** Told the key of a verdict item whose seal (or renewal time) was malformed and dropped on read. */
export type DroppedSealNotice = (pk: string) => void;

const noNotice: DroppedSealNotice = () => undefined;

const KEY_ATTRIBUTES = new Set(['pk', 'sk', 'itemType', 'gsi1pk', 'gsi1sk', 'gsi2pk', 'gsi2sk', 'ttl']);

/** A verdict as its table item: the verdict's fields, its keys, its byStatus and byReview index keys. */
export function toVerdictItem(verdict: Verdict): Item {
  return {
    ...verdict,
    pk: imagePk(verdict),
    sk: VERDICT_SK,
    itemType: 'VERDICT',
    ...statusIndexKeys(verdict.status, verdict.updatedAt),
    ...reviewIndexKeys(verdict),
  };
}

/** A verdict item image-trust did not write: it lacks a verdict's fields, or names another image than its key. */
export class MalformedVerdictItemError extends UpstreamError {
  constructor(
    readonly pk: string,
    readonly reason: string,
  ) {
    super(`verdict item ${pk.slice(0, 300)} is malformed: ${reason}`);
  }
}

/**
 * A verdict item as a verdict, without the table's attributes. The item must be the verdict of the
 * image its key names: registry, repository and digest make its pk, and its sk is the verdict's. An
 * item copied under another image's key (to lend it a VERIFIED) is refused like a malformed one.
 *
 * @param onDroppedSeal told when a malformed seal is dropped (the runtime logs it)
 * @throws MalformedVerdictItemError when the item lacks what every verdict has, or names another image
 */
export function fromVerdictItem(item: Item, onDroppedSeal: DroppedSealNotice = noNotice): Verdict {
  const pk = String(item.pk);
  const fields = Object.fromEntries(Object.entries(item).filter(([name]) => !KEY_ATTRIBUTES.has(name)));
  if (!isVerdict(fields)) throw new MalformedVerdictItemError(pk, 'it lacks fields every verdict has');
  let named: string;
  try {
    named = imagePk(fields);
  } catch {
    throw new MalformedVerdictItemError(pk, 'it names no valid image');
  }
  if (named !== pk || item.sk !== VERDICT_SK)
    throw new MalformedVerdictItemError(pk, `it names another image (${named.slice(0, 300)}) than its key`);
  return withWellFormedSeal(fields, () => onDroppedSeal(pk));
}

/**
 * The items of a listing as verdicts: a malformed one (or one copied under another image's key) is told
 * to `onRefused` and left out, so that one bad item never stops a listing.
 */
export function wellFormedVerdicts(
  items: readonly Item[],
  onRefused: (refused: MalformedVerdictItemError) => void,
  onDroppedSeal: DroppedSealNotice = noNotice,
): Verdict[] {
  const verdicts: Verdict[] = [];
  for (const item of items) {
    try {
      verdicts.push(fromVerdictItem(item, onDroppedSeal));
    } catch (error) {
      if (!(error instanceof MalformedVerdictItemError)) throw error;
      onRefused(error);
    }
  }
  return verdicts;
}

/**
 * A malformed seal (or renewal time) is dropped rather than refused, and told to `dropped`: the item
 * stays one the lookup can judge, and a VERIFIED item without a seal is denied as VERDICT_UNSIGNED (a
 * denial, never a 5xx).
 */
function withWellFormedSeal(verdict: Verdict, dropped: () => void): Verdict {
  const { seal, resealAt, ...rest } = verdict;
  if ((seal !== undefined && !isSeal(seal)) || (resealAt !== undefined && typeof resealAt !== 'string'))
    dropped();
  return {
    ...rest,
    ...(isSeal(seal) ? { seal } : {}),
    ...(typeof resealAt === 'string' ? { resealAt } : {}),
  };
}

function isSeal(value: unknown): value is VerdictSeal {
  if (typeof value !== 'object' || value === null) return false;
  const seal = value as Record<string, unknown>;
  return (
    typeof seal.key === 'string' &&
    /^[0-9a-f]{16}$/.test(seal.key) &&
    Number.isSafeInteger(seal.revision) &&
    typeof seal.sealedAt === 'string' &&
    typeof seal.signature === 'string' &&
    /^[A-Za-z0-9+/]{1,200}={0,2}$/.test(seal.signature)
  );
}

/** The history entry written with a change, kept `ttlDays` (then DynamoDB's TTL removes it). */
export function toHistoryItem(verdict: Verdict, entry: VerdictHistoryEntry, ttlDays: number): Item {
  return {
    pk: imagePk(verdict),
    sk: historySk(verdict.updatedAt, verdict.version),
    itemType: 'HISTORY',
    ...entry,
    ttl: Math.floor(Date.parse(verdict.updatedAt) / 1000) + Math.round(ttlDays * 86_400),
  };
}

/** A history item as a history entry. */
export function fromHistoryItem(item: Item): VerdictHistoryEntry {
  const { version, recordedAt, event, status, previousStatus } = item;
  if (typeof version !== 'number' || typeof recordedAt !== 'string' || !isStatus(status) || !isEvent(event)) {
    throw new UpstreamError(`history item ${String(item.pk)} ${String(item.sk)} is malformed`);
  }
  return isStatus(previousStatus)
    ? { version, recordedAt, event, status, previousStatus }
    : { version, recordedAt, event, status };
}

function isVerdict(value: Item): value is Item & Verdict {
  return (
    typeof value.registry === 'string' &&
    typeof value.repository === 'string' &&
    typeof value.digest === 'string' &&
    isStatus(value.status) &&
    typeof value.version === 'number' &&
    typeof value.updatedAt === 'string' &&
    typeof value.lastEventAt === 'string' &&
    typeof value.firstSeenAt === 'string' &&
    Array.isArray(value.reasons) &&
    Array.isArray(value.tags) &&
    typeof value.latestEvents === 'object' &&
    value.latestEvents !== null
  );
}

function isStatus(value: unknown): value is VerdictStatus {
  return typeof value === 'string' && (VERDICT_STATUSES as readonly string[]).includes(value);
}

function isEvent(value: unknown): value is VerdictEvent {
  return typeof value === 'object' && value !== null && 'type' in value && 'at' in value && 'id' in value;
}
