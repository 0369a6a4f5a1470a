import type { MalformedVerdictItemError } from '../adapters/dynamodb/verdict-items';
import { logger } from './logging';

/** The log line of a verdict item refused as malformed (the store then denies, or skips it in a listing). */
export function logRefusedItem(refused: MalformedVerdictItemError): void {
  logger.warn('verdict item refused', { pk: refused.pk.slice(0, 300), reason: refused.reason });
}

/** The log line of a verdict item whose malformed seal was dropped on read: a VERIFIED one is then denied. */
export function logDroppedSeal(pk: string): void {
  logger.warn('verdict item with a malformed seal read as unsealed', { pk: pk.slice(0, 300) });
}
