import type { RuntimeConfig } from '../config/runtime-config';
import { oneLine } from './one-line';

/** The annotation that asks to admit a denied object: its value is the reason. */
export const BREAK_GLASS_ANNOTATION = 'image-trust.dev/break-glass';

/** The longest reason kept; longer ones are cut. */
export const MAX_BREAK_GLASS_REASON = 500;

/**
 * The break-glass reason of an object, when its namespace allows break-glass and the object's own
 * `metadata.annotations` carry a non-empty one (a workload's pods carry it when its pod template
 * does). Undefined otherwise: the object is treated like any other.
 */
export function breakGlassReason(
  admission: RuntimeConfig['admission'],
  namespace: string | undefined,
  object: unknown,
): string | undefined {
  if (namespace === undefined || !admission.breakGlassNamespaces.includes(namespace)) return undefined;
  const metadata = own(object, 'metadata');
  const annotations = own(metadata, 'annotations');
  const reason = own(annotations, BREAK_GLASS_ANNOTATION);
  if (typeof reason !== 'string' || reason.trim() === '') return undefined;
  return oneLine(reason.trim(), MAX_BREAK_GLASS_REASON);
}

function own(record: unknown, field: string): unknown {
  return typeof record === 'object' && record !== null && Object.hasOwn(record, field)
    ? (record as Record<string, unknown>)[field]
    : undefined;
}
