import * as z from 'zod';
import { quote } from '../reference/quote';
import { SEVERITY_NAMES, toSeverity } from './severity';

/**
 * A scanner's severity name, parsed to one of ours (see `toSeverity`); anything else is an issue that
 * lists the accepted names.
 */
export const severitySchema = z.string().transform((value, ctx) => {
  const parsed = toSeverity(value);
  if (parsed === undefined) {
    ctx.issues.push({
      code: 'custom',
      input: value,
      message: `must be one of ${SEVERITY_NAMES.join(', ')}, not ${quote(value)}`,
    });
    return z.NEVER;
  }
  return parsed;
});

/** A CVSS or Inspector score. */
export const scoreSchema = z.number().min(0).max(10);
