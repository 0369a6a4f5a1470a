import type { MalformedVerdictItemError } from '../adapters/dynamodb/verdict-items';
import { logger } from './logging';

/** The log line of a verdict item refused as malformed (the store then denies, or skips it in a listing). */
export function logRefusedItem(refused: MalformedVerdictItemError): void {
  logger.warn('verdict item refused', { pk: refused.pk.slice(0, 300), reason: refused.reason });
}
