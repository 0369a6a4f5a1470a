/**
 * The vulnerability policy document, validated with zod. Example (JSON or the same in YAML):
 *
 * ```json
 * {
 *   "version": "2025-01-15",
 *   "requireScan": true,
 *   "maxScanAgeHours": 168,
 *   "staleGraceHours": 72,
 *   "onStale": "warn",
 *   "severityLimits": { "CRITICAL": 0, "HIGH": 0 },
 *   "maxScore": 8.9,
 *   "exceptions": [
 *     { "id": "CVE-2024-3094", "reason": "xz not used at run time", "expires": "2025-03-01T00:00:00Z",
 *       "repositories": ["team-a/**"] }
 *   ],
 *   "repositoryOverrides": [
 *     { "pattern": "sandbox/*", "requireScan": false, "severityLimits": { "HIGH": null } }
 *   ],
 *   "trustTrivyReportFor": ["ci-built/*"],
 *   "unscannableExemptions": [
 *     { "repositories": ["tools/static-*"], "reason": "static Go binary, no OS packages",
 *       "owner": "team-tools", "expires": "2025-06-01T00:00:00Z" }
 *   ]
 * }
 * ```
 *
 * Unknown fields are errors (a typo must not silently loosen the policy).
 */
import * as z from 'zod';
import { quote } from '../reference/quote';
import { isDigest } from '../oci/digest';
import { globProblem } from './glob';

/** Default freshness: a scan older than a week is stale. */
export const DEFAULT_MAX_SCAN_AGE_HOURS = 24 * 7;
/** Default grace: a stale verdict stays VERIFIED three days while a rescan is awaited. */
export const DEFAULT_STALE_GRACE_HOURS = 72;
/** What happens when the grace after a stale scan ends without a fresh result. */
export const ON_STALE_ACTIONS = ['warn', 'reject'] as const;
export type OnStale = (typeof ON_STALE_ACTIONS)[number];

/** `CVE-2024-3094`, `GHSA-jfh8-c2jp-5v3q`, `RHSA-2020:3915`, `ALAS2-2023-1234`, `GO-2022-0969`. */
const ADVISORY_ID = /^[A-Za-z][A-Za-z0-9]*-[A-Za-z0-9][A-Za-z0-9._:-]*$/;

const VERSION_HINT = "the policy version that every verdict names, e.g. '2025-01-15'";
const EXPIRES_HINT =
  "every exception expires; an ISO 8601 date-time with a time zone, e.g. '2025-01-31T00:00:00Z'";

/** A strict object whose unknown-field message lists the fields it allows. */
function strictObject<Shape extends z.core.$ZodLooseShape>(shape: Shape) {
  const allowed = Object.keys(shape).join(', ');
  return z.strictObject(shape, {
    error: (issue) =>
      issue.code === 'unrecognized_keys'
        ? `has unknown field${issue.keys.length === 1 ? '' : 's'} ${issue.keys.map((k) => quote(k)).join(', ')}; allowed: ${allowed}`
        : undefined,
  });
}

const repositoryPattern = z.string().superRefine((pattern, ctx) => {
  const problem = globProblem(pattern);
  if (problem !== undefined) {
    ctx.addIssue({ code: 'custom', message: `repository pattern ${quote(pattern)} ${problem}` });
  }
});
const repositoryPatterns = z.array(repositoryPattern).min(1);

const limit = z.int().min(0);
const score = z.number().min(0).max(10);
const hours = z
  .number()
  .positive()
  .max(24 * 366 * 10);
const graceHours = z
  .number()
  .min(0)
  .max(24 * 366);
const onStale = z.enum(ON_STALE_ACTIONS, {
  error: "must be 'warn' (keep VERIFIED, with a warning) or 'reject'",
});

/** Max findings per severity; a severity not listed is unlimited. */
const severityLimitsSchema = strictObject({
  CRITICAL: limit.optional(),
  HIGH: limit.optional(),
  MEDIUM: limit.optional(),
  LOW: limit.optional(),
  INFORMATIONAL: limit.optional(),
  UNDEFINED: limit.optional(),
});

/** In an override, `null` lifts the default limit of that severity. */
const overrideLimitsSchema = strictObject({
  CRITICAL: limit.nullable().optional(),
  HIGH: limit.nullable().optional(),
  MEDIUM: limit.nullable().optional(),
  LOW: limit.nullable().optional(),
  INFORMATIONAL: limit.nullable().optional(),
  UNDEFINED: limit.nullable().optional(),
});

export const exceptionSchema = strictObject({
  id: z.string().max(128).regex(ADVISORY_ID, {
    error: "must be a vulnerability id such as 'CVE-2024-3094' or 'GHSA-jfh8-c2jp-5v3q'",
  }),
  reason: z
    .string()
    .trim()
    .min(1, { error: 'must say why the finding is accepted (it is shown in every verdict)' }),
  expires: z.iso.datetime({
    offset: true,
    error: (issue) => (issue.input === undefined ? `is required: ${EXPIRES_HINT}` : undefined),
  }),
  repositories: repositoryPatterns.optional(),
});
export type PolicyException = z.output<typeof exceptionSchema>;

/**
 * Lets an image that ECR cannot scan (UNSUPPORTED_IMAGE: scratch, static Go, some distroless) pass
 * without a scan, by repository pattern or by digest, for a named owner until it expires.
 */
export const unscannableExemptionSchema = strictObject({
  repositories: repositoryPatterns.optional(),
  digests: z
    .array(z.string().refine(isDigest, { error: "must be an image digest, 'sha256:' and 64 hex characters" }))
    .min(1)
    .optional(),
  reason: z
    .string()
    .trim()
    .min(1, { error: 'must say why the image may run unscanned (it is shown in every verdict)' }),
  owner: z.string().trim().min(1, { error: 'must name who answers for the exemption' }),
  expires: z.iso.datetime({
    offset: true,
    error: (issue) => (issue.input === undefined ? `is required: ${EXPIRES_HINT}` : undefined),
  }),
}).refine((e) => e.repositories !== undefined || e.digests !== undefined, {
  error: 'must name the repositories or the digests it exempts',
});
export type UnscannableExemption = z.output<typeof unscannableExemptionSchema>;

export const repositoryOverrideSchema = strictObject({
  pattern: repositoryPattern,
  requireScan: z.boolean().optional(),
  maxScanAgeHours: hours.optional(),
  staleGraceHours: graceHours.optional(),
  onStale: onStale.optional(),
  severityLimits: overrideLimitsSchema.optional(),
  maxScore: score.nullable().optional(),
  exceptions: z.array(exceptionSchema).optional(),
});
export type RepositoryOverride = z.output<typeof repositoryOverrideSchema>;

export const policySchema = strictObject({
  version: z
    .string({ error: (issue) => (issue.input === undefined ? `is required: ${VERSION_HINT}` : undefined) })
    .trim()
    .min(1, { error: `must not be empty: ${VERSION_HINT}` })
    .max(128),
  requireScan: z.boolean().default(true),
  maxScanAgeHours: hours.default(DEFAULT_MAX_SCAN_AGE_HOURS),
  /** After a scan goes stale, how long the verdict stays VERIFIED while a rescan is awaited. */
  staleGraceHours: graceHours.default(DEFAULT_STALE_GRACE_HOURS),
  /** When the grace ends without a fresh scan: `warn` keeps VERIFIED with SCAN_STALE, `reject` denies. */
  onStale: onStale.default('warn'),
  severityLimits: severityLimitsSchema.default({}),
  maxScore: score.optional(),
  exceptions: z.array(exceptionSchema).default([]),
  repositoryOverrides: z
    .array(repositoryOverrideSchema)
    .default([])
    .superRefine((overrides, ctx) => {
      const seen = new Map<string, number>();
      overrides.forEach((override, index) => {
        const first = seen.get(override.pattern);
        if (first === undefined) {
          seen.set(override.pattern, index);
        } else {
          ctx.addIssue({
            code: 'custom',
            path: [index, 'pattern'],
            message: `repeats the pattern of repositoryOverrides[${first}]; the first matching override wins, so this one would never apply`,
          });
        }
      });
    }),
  trustTrivyReportFor: z.array(repositoryPattern).default([]),
  unscannableExemptions: z.array(unscannableExemptionSchema).default([]),
});

/** A policy document as written (defaults not yet applied). */
export type PolicyInput = z.input<typeof policySchema>;
/** A validated policy document, defaults applied. */
export type PolicyDocument = z.output<typeof policySchema>;
