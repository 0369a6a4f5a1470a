import * as z from 'zod';
import { ADMISSION_API_VERSION } from '../../core/admission/admission-review';

/** The most references one batch request may name (one BatchGetItem). */
export const MAX_BATCH_IMAGES = 100;
/** The most keys one Gatekeeper request may carry (as many as one object may have containers). */
export const MAX_PROVIDER_KEYS = 1000;

export const batchRequestSchema = z
  .strictObject({
    images: z
      .array(z.string().max(2048))
      .min(1)
      .max(MAX_BATCH_IMAGES)
      .describe('Image references, each by digest'),
  })
  .describe('A batch lookup');

export const providerRequestSchema = z
  .looseObject({
    apiVersion: z.enum(['externaldata.gatekeeper.sh/v1alpha1', 'externaldata.gatekeeper.sh/v1beta1']),
    kind: z.literal('ProviderRequest'),
    request: z.looseObject({
      keys: z
        .array(z.string().max(2048))
        .max(MAX_PROVIDER_KEYS)
        .optional()
        .describe('Image references as written (Gatekeeper leaves the field out when there are none)'),
    }),
  })
  .describe('Gatekeeper external data: the request');

export const admissionReviewRequestSchema = z
  .looseObject({
    apiVersion: z.literal(ADMISSION_API_VERSION),
    kind: z.literal('AdmissionReview'),
    request: z.looseObject({
      uid: z.string().min(1).max(256),
      kind: z.looseObject({ group: z.string(), version: z.string(), kind: z.string() }),
      namespace: z.string().optional(),
      name: z.string().optional(),
      operation: z.string(),
      subResource: z.string().optional().describe('scale and status are never checked'),
      userInfo: z
        .looseObject({ username: z.string().optional() })
        .optional()
        .describe('Who asks: the user name goes into the audit line and a break-glass record'),
      object: z.unknown().optional().describe('The object admitted; its pod spec is read'),
      oldObject: z.unknown().optional().describe('On UPDATE: images it already has are not checked again'),
    }),
  })
  .describe('Kubernetes AdmissionReview v1: the request (fields not listed are accepted and ignored)');
