/**
 * Run-time checks of a DescribeImageScanFindings page (see EcrScanFindingsPage for the static shape).
 * Loose objects: the API adds fields, and only these are read.
 */
import * as z from 'zod';
import { inspectorFindingSchema } from './inspector-finding';
import { severitySchema } from './severity-schema';

const timestamp = z.union([z.date(), z.number(), z.string()]);

export const ecrBasicFindingSchema = z.looseObject({
  name: z.string().min(1).max(256),
  severity: severitySchema,
  attributes: z.array(z.looseObject({ key: z.string(), value: z.string().optional() })).optional(),
});
export type EcrBasicFindingData = z.output<typeof ecrBasicFindingSchema>;

export const ecrScanFindingsPageSchema = z.looseObject({
  registryId: z.string().optional(),
  repositoryName: z.string().optional(),
  imageId: z.looseObject({ imageDigest: z.string().optional(), imageTag: z.string().optional() }).optional(),
  imageScanStatus: z
    .looseObject({ status: z.string().optional(), description: z.string().optional() })
    .optional(),
  imageScanFindings: z
    .looseObject({
      imageScanCompletedAt: timestamp.optional(),
      vulnerabilitySourceUpdatedAt: timestamp.optional(),
      findingSeverityCounts: z.record(z.string(), z.int().min(0)).optional(),
      findings: z.array(ecrBasicFindingSchema).optional(),
      enhancedFindings: z.array(inspectorFindingSchema).optional(),
    })
    .optional(),
  nextToken: z.string().optional(),
});
export type EcrScanFindingsPageData = z.output<typeof ecrScanFindingsPageSchema>;
