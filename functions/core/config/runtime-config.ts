/**
 * The configuration every image-trust function runs with, validated once: at synth (CDK) and at cold
 * start (functions, from the `IMAGE_TRUST_CONFIG` environment variable). Example:
 *
 * ```json
 * {
 *   "allowlist": {
 *     "registries": [{ "accountId": "123456789012", "region": "eu-west-1" }],
 *     "repositories": ["team-a/**", "platform/*"]
 *   },
 *   "policy": { "version": "2026-11-01", "severityLimits": { "CRITICAL": 0, "HIGH": 0 } },
 *   "scanning": { "mode": "basic", "startScanOnPush": true },
 *   "admission": { "defaultMode": "enforce", "namespaces": { "legacy": "warn" }, "exemptNamespaces": ["kube-system"] },
 *   "signatureFormats": { "repositories": [{ "match": ["team-c/**"], "formats": ["signature", "signature-bundle"] }] }
 * }
 * ```
 */
import * as z from 'zod';
import { globProblem } from '../policy/glob';
import { policySchema } from '../policy/policy-schema';
import { ARTIFACT_FORMATS, DEFAULT_ARTIFACT_FORMATS } from '../signing/signature-formats';

const accountId = z.string().regex(/^\d{12}$/, 'an AWS account id: 12 digits');
const region = z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/, "an AWS region such as 'eu-west-1'");
const pattern = z.string().superRefine((p, ctx) => {
  const problem = globProblem(p);
  if (problem) ctx.addIssue({ code: 'custom', message: `repository pattern '${p}' ${problem}` });
});

/** A registry allowed as a source: an ECR registry by account and region, or any host (local mode). */
export const allowedRegistrySchema = z.union([
  z.strictObject({ accountId, region }),
  z.strictObject({ host: z.string().regex(/^[a-z0-9.-]+(:\d{1,5})?$/, 'a registry host[:port]') }),
]);

export const admissionModeSchema = z.enum(['enforce', 'warn']);
export type AdmissionMode = z.infer<typeof admissionModeSchema>;

const formats = z
  .array(z.enum(ARTIFACT_FORMATS))
  .min(1, 'name at least one format')
  .refine((f) => f.includes('signature') || f.includes('signature-bundle'), {
    message: "include a signature: 'signature' or 'signature-bundle'",
  })
  .transform((f) => [...new Set(f)]);

/**
 * What signing writes (README "Signature formats"): `default` for every repository, and per repository
 * glob the formats to write instead (the first rule that matches wins). Each format is a manifest PUT per
 * subject, ECR's tightest write quota: opt in where a verifier reads it.
 */
export const signatureFormatsSchema = z
  .strictObject({
    default: formats.default([...DEFAULT_ARTIFACT_FORMATS]),
    repositories: z.array(z.strictObject({ match: z.array(pattern).min(1), formats })).default([]),
  })
  .default({ default: [...DEFAULT_ARTIFACT_FORMATS], repositories: [] });

export const runtimeConfigSchema = z.strictObject({
  allowlist: z.strictObject({
    registries: z.array(allowedRegistrySchema).min(1, 'name at least one allowed registry'),
    /** Repository globs (`*` within a segment, `**` across); an image outside them is rejected. */
    repositories: z.array(pattern).min(1).default(['**']),
  }),
  policy: policySchema,
  scanning: z
    .strictObject({
      /** basic: ECR basic scanning; enhanced: Amazon Inspector; trivy-annotation: the CI report on the manifest. */
      mode: z.enum(['basic', 'enhanced', 'trivy-annotation']).default('basic'),
      /** Start a basic scan on push (repositories with manual scanning). */
      startScanOnPush: z.boolean().default(false),
      /** How long a digest may stay PENDING before the reconciler acts. */
      pendingTimeoutMinutes: z
        .number()
        .int()
        .min(1)
        .max(24 * 60)
        .default(30),
    })
    .default({ mode: 'basic', startScanOnPush: false, pendingTimeoutMinutes: 30 }),
  sealing: z
    .strictObject({
      /**
       * How long a sealed VERIFIED verdict allows at most without a new seal (its `validUntil` is at
       * most its sealing time + this); the reconciler has the signer re-seal at half of it. Bounds how
       * long an old sealed item written back over a revocation is honoured.
       */
      lifetimeHours: z.number().int().min(2).max(168).default(24),
    })
    .default({ lifetimeHours: 24 }),
  admission: z
    .strictObject({
      defaultMode: admissionModeSchema.default('enforce'),
      /** Per-namespace mode: `warn` allows with warnings (the migration path). */
      namespaces: z.record(z.string(), admissionModeSchema).default({}),
      exemptNamespaces: z.array(z.string()).default(['kube-system']),
      /**
       * Namespaces where a denied object annotated `image-trust.dev/break-glass: "<reason>"` is
       * admitted with a warning, the use recorded (none by default).
       */
      breakGlassNamespaces: z.array(z.string()).default([]),
    })
    .default({
      defaultMode: 'enforce',
      namespaces: {},
      exemptNamespaces: ['kube-system'],
      breakGlassNamespaces: [],
    }),
  signatureFormats: signatureFormatsSchema,
});

export type RuntimeConfig = z.infer<typeof runtimeConfigSchema>;
export type RuntimeConfigInput = z.input<typeof runtimeConfigSchema>;
