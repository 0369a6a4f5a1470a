/**
 * The part of a Trivy JSON report (`trivy image --format json`, SchemaVersion 2) that policy needs.
 * Objects are loose: Trivy adds fields between releases, and only these are read.
 */
import * as z from 'zod';
import { scoreSchema, severitySchema } from './severity-schema';

/** One source's CVSS scores, e.g. `CVSS.nvd = { V2Score: 5, V3Score: 5.3 }`. */
const cvssScores = z.looseObject({ V2Score: scoreSchema.optional(), V3Score: scoreSchema.optional() });

export const trivyVulnerabilitySchema = z.looseObject({
  VulnerabilityID: z.string().min(1).max(256),
  PkgName: z.string().optional(),
  InstalledVersion: z.string().optional(),
  FixedVersion: z.string().optional(),
  Severity: severitySchema,
  CVSS: z.record(z.string(), cvssScores).optional(),
  Status: z.string().optional(),
});
export type TrivyVulnerability = z.output<typeof trivyVulnerabilitySchema>;

const trivyResultSchema = z.looseObject({
  Target: z.string().optional(),
  Class: z.string().optional(),
  /** Absent (or null) when the target is clean. */
  Vulnerabilities: z.array(trivyVulnerabilitySchema).nullish(),
});

/** A Trivy report. `Results` is absent when Trivy found nothing it could scan. */
export const trivyReportSchema = z.looseObject({
  SchemaVersion: z.literal(2),
  CreatedAt: z.string().optional(),
  Trivy: z.looseObject({ Version: z.string().optional() }).optional(),
  ArtifactName: z.string().optional(),
  Metadata: z
    .looseObject({ ImageID: z.string().optional(), RepoDigests: z.array(z.string()).optional() })
    .optional(),
  Results: z.array(trivyResultSchema).nullish(),
});
export type TrivyReport = z.output<typeof trivyReportSchema>;
