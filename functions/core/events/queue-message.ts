import * as z from 'zod';
import { InvalidInputError } from '../errors';
import { isDigest } from '../oci/digest';
import { formatIssues, zodMessages } from '../validation/zod-messages';
import { parsePipelineEvent } from './parse-pipeline-event';
import type { HandOffEvent, PipelineEvent } from './pipeline-event';

/** SQS allows 256 KB; EventBridge events are at most that too. */
export const MAX_MESSAGE_BYTES = 256 * 1024;

const handOff = z.strictObject({
  imageTrust: z.enum(['ReevaluationRequested', 'ResealRequested']),
  image: z.strictObject({
    registry: z
      .string()
      .min(1)
      .max(255)
      .regex(/^[a-z0-9.-]+(:\d{1,5})?$/, 'a registry host[:port]'),
    repository: z
      .string()
      .min(1)
      .max(256)
      .regex(/^[a-z0-9]+(?:[._/-][a-z0-9]+|__[a-z0-9]+)*$/, 'a repository name'),
    digest: z.string().refine(isDigest, 'must be sha256: and 64 lower-case hex characters'),
  }),
  id: z.string().min(1).max(256),
  at: z.iso.datetime({ offset: true }),
  reason: z.string().max(1000),
  operator: z.boolean().optional(),
});

/**
 * The body of an internal hand-off: the reconciler or a non-signing worker asking the signer to
 * evaluate, or to seal a VERIFIED verdict again.
 */
export function reevaluationMessage(event: HandOffEvent): string {
  const { type, ...rest } = event;
  return JSON.stringify({ imageTrust: type, ...rest });
}

/**
 * Reads an SQS message body of a pipeline queue: an EventBridge event delivered by a rule, or an internal
 * hand-off. `undefined` for valid events that carry nothing to do.
 *
 * @throws InvalidInputError for oversized, non-JSON or malformed bodies
 */
export function parseQueueMessage(body: string): PipelineEvent | undefined {
  if (Buffer.byteLength(body, 'utf8') > MAX_MESSAGE_BYTES) {
    throw new InvalidInputError(
      `message of ${Buffer.byteLength(body, 'utf8')} bytes exceeds ${MAX_MESSAGE_BYTES}`,
    );
  }
  let doc: unknown;
  try {
    doc = JSON.parse(body);
  } catch (cause) {
    throw new InvalidInputError('message body is not JSON', { cause });
  }
  if (typeof doc === 'object' && doc !== null && 'imageTrust' in doc) {
    const result = handOff.safeParse(doc, { error: zodMessages });
    if (!result.success) throw new InvalidInputError(formatIssues('internal message', result.error));
    const { imageTrust: kind, operator, ...event } = result.data;
    if (kind === 'ResealRequested') return { type: kind, ...event };
    return { type: kind, ...event, ...(operator === undefined ? {} : { operator }) };
  }
  return parsePipelineEvent(doc);
}
