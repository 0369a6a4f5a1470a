import * as z from 'zod';
import { InvalidInputError } from '../errors';
import { isDigest } from '../oci/digest';
import { formatIssues, zodMessages } from '../validation/zod-messages';
import { parsePipelineEvent } from './parse-pipeline-event';
import type { PipelineEvent, ReevaluationRequested } from './pipeline-event';

/** SQS allows 256 KB; EventBridge events are at most that too. */
export const MAX_MESSAGE_BYTES = 256 * 1024;

const reevaluation = z.strictObject({
  imageTrust: z.literal('ReevaluationRequested'),
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

/** The body of an internal hand-off: the reconciler or a non-signing worker asking the signer to evaluate. */
export function reevaluationMessage(event: ReevaluationRequested): string {
  const { type: _type, ...rest } = event;
  return JSON.stringify({ imageTrust: 'ReevaluationRequested', ...rest });
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
    const result = reevaluation.safeParse(doc, { error: zodMessages });
    if (!result.success) throw new InvalidInputError(formatIssues('internal message', result.error));
    const { imageTrust: _kind, ...event } = result.data;
    return { type: 'ReevaluationRequested', ...event };
  }
  return parsePipelineEvent(doc);
}
