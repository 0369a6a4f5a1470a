import * as z from 'zod';
import { ADMISSION_API_VERSION } from '../../core/admission/admission-review';
import { PROVIDER_API_VERSION } from '../../core/admission/answer-gatekeeper';
import { MAX_WARNING_LENGTH } from '../../core/admission/admission-messages';
import { KEY_STATES } from '../../core/ports/public-key-store';
import { API_ERROR_CODES } from '../../http/http-errors';
import { verdictAnswerSchema } from './verdict-answer-schema';

export const errorBodySchema = z
  .strictObject({
    error: z.strictObject({
      code: z.enum(API_ERROR_CODES),
      message: z.string(),
      retryable: z.boolean().describe('Whether trying again later may succeed'),
      requestId: z.string().optional(),
    }),
  })
  .describe('Every error response');

export const batchResponseSchema = z
  .strictObject({
    results: z.array(
      z.union([
        z.strictObject({ input: z.string(), answer: verdictAnswerSchema }),
        z.strictObject({
          input: z.string(),
          error: z.strictObject({ code: z.literal('INVALID_INPUT'), message: z.string() }),
        }),
      ]),
    ),
  })
  .describe('One result per requested reference, in order: an answer, or why the reference is invalid');

export const providerResponseSchema = z
  .strictObject({
    apiVersion: z.literal(PROVIDER_API_VERSION),
    kind: z.literal('ProviderResponse'),
    response: z.strictObject({
      idempotent: z.boolean(),
      items: z.array(z.strictObject({ key: z.string(), value: verdictAnswerSchema })),
      systemError: z
        .string()
        .optional()
        .describe('Names the keys without a final answer (not cached by Gatekeeper; templates deny them)'),
    }),
  })
  .describe('Gatekeeper external data: one item per key with a final answer');

export const admissionReviewResponseSchema = z
  .strictObject({
    apiVersion: z.literal(ADMISSION_API_VERSION),
    kind: z.literal('AdmissionReview'),
    response: z.strictObject({
      uid: z.string().describe('request.uid, echoed'),
      allowed: z.boolean(),
      status: z.strictObject({ code: z.int(), message: z.string() }).optional(),
      warnings: z.array(z.string().max(MAX_WARNING_LENGTH)).optional(),
    }),
  })
  .describe('Kubernetes AdmissionReview v1: the answer');

export const healthSchema = z.strictObject({ status: z.literal('ok') }).describe('Liveness');

export const publicKeyPemSchema = z
  .string()
  .regex(/^-----BEGIN PUBLIC KEY-----\n[A-Za-z0-9+/=\n]+\n-----END PUBLIC KEY-----\n?$/)
  .describe('cosign.pub: the signing key as PEM SubjectPublicKeyInfo');

export const publishedKeySchema = z
  .strictObject({
    keyId: z.string().min(1).describe('The KMS key ARN or alias, or local:<fingerprint>'),
    state: z
      .enum(KEY_STATES)
      .describe('active: signs; verifying: trusted, does not sign; retired: trusted by nobody'),
    fingerprint: z
      .string()
      .regex(/^[0-9a-f]{16}$/)
      .describe('First 16 hex digits of SHA-256 over the DER SubjectPublicKeyInfo'),
    pem: publicKeyPemSchema,
  })
  .describe('One signing key of the key set');

export const keySetSchema = z
  .strictObject({ keys: z.array(publishedKeySchema) })
  .describe('Every signing key: the active one, those still trusted, those retired');
