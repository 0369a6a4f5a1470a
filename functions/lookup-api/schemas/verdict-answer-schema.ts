import * as z from 'zod';
import { ANSWER_STATUSES, CHECK_RESULTS, LAYERS } from '../../core/lookup/verdict-answer';
import { SEVERITIES } from '../../core/scan/scan-summary';

const time = z.string().describe('ISO 8601 date-time, UTC');
const digest = z.string().regex(/^sha256:[0-9a-f]{64}$/);
const check = z.enum(CHECK_RESULTS);

export const answerReasonSchema = z
  .strictObject({
    layer: z.enum(LAYERS).describe('The layer this reason belongs to'),
    code: z
      .string()
      .describe('Stable and machine-readable, e.g. NOT_ALLOWLISTED, DIGEST_REQUIRED, CRITICAL_FINDINGS'),
    message: z.string(),
    cveIds: z.array(z.string()).optional(),
  })
  .describe('Why an answer is what it is');

export const verdictAnswerSchema = z
  .strictObject({
    image: z
      .string()
      .describe('The canonical reference registry/repository@sha256:..., or the input when it did not parse'),
    allowed: z.boolean().describe('True only when every layer passed (status VERIFIED)'),
    status: z.enum(ANSWER_STATUSES),
    final: z
      .boolean()
      .describe(
        'False when asking again soon may give another answer (PENDING, UNKNOWN, a failed lookup): do not cache',
      ),
    checks: z
      .strictObject({ allowlist: check, digest: check, scan: check, signature: check })
      .describe('Each layer: pass, fail, or skipped (an earlier layer failed, or it does not apply)'),
    reasons: z.array(answerReasonSchema),
    validUntil: time
      .optional()
      .describe(
        'Allowed until this instant, then denied (VERDICT_EXPIRED): scan grace with onStale reject, or an exception expiring',
      ),
    policyVersion: z.string().optional(),
    scan: z
      .strictObject({
        source: z.enum(['ecr-basic', 'inspector', 'trivy']),
        completedAt: time,
        severityCounts: z.partialRecord(z.enum(SEVERITIES), z.int().min(0)),
      })
      .optional(),
    signature: z
      .strictObject({
        keyId: z.string(),
        signedAt: time,
        signedDigests: z.array(digest),
        artifacts: z.array(
          z.strictObject({
            kind: z.enum(['signature', 'signature-bundle', 'attestation', 'attestation-bundle']),
            subjectDigest: digest,
            location: z.string().describe('Tag (sha256-HEX.sig) or the manifest digest of a referrer'),
          }),
        ),
      })
      .optional(),
    times: z
      .strictObject({
        firstSeenAt: time,
        updatedAt: time,
        lastEventAt: time,
        decidedAt: time.optional(),
      })
      .optional()
      .describe('Absent when no verdict was read'),
    checkedAt: time,
  })
  .describe('The answer to "may this digest run?"');
